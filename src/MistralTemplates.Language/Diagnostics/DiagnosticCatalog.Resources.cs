namespace MistralTemplates.Language.Diagnostics;

public static partial class DiagnosticCatalog
{
    private const string Resource = "Resource";
    private const string Cron = "Cron";

    // OS::Mistral::Workflow

    public static readonly DiagnosticDescriptor WorkflowDefinitionConflict = Error("MT4001", Resource,
        "Workflow property conflicts with 'definition'",
        "'{0}' cannot be used together with 'definition': the DSL in 'definition' already says it. Move it into the definition or remove 'definition' and use Heat's structured form (type, tasks ...).");

    public static readonly DiagnosticDescriptor WorkflowWithoutDefinition = Error("MT4002", Resource,
        "Workflow has no definition",
        "The workflow resource '{0}' has neither 'definition' (Mistral DSL text, a mapping or get_file) nor 'tasks' (Heat's structured form). Add one of them.");

    public static readonly DiagnosticDescriptor WorkflowDefinitionWrongType = Error("MT4003", Resource,
        "Workflow definition has the wrong type",
        "'definition' must be Mistral DSL text (a block string), a mapping, or {{get_file: path}}, not {0}.");

    public static readonly DiagnosticDescriptor WorkflowInputNotDeclared = Error("MT4004", Resource,
        "Workflow input is not declared",
        "The input '{0}' is not declared by any workflow of the definition (declared: {1}).{2} Remove it or add it to a workflow's 'input'.");

    public static readonly DiagnosticDescriptor ReverseWorkflowNeedsTaskName = Error("MT4005", Resource,
        "Reverse workflow without params.task_name",
        "The workflow '{0}' is a reverse workflow: Heat needs 'params: {{task_name: <target task>}}' to know which task to run. Add it.");

    public static readonly DiagnosticDescriptor UnknownAvailableWorkflow = Error("MT4006", Resource,
        "Unknown workflow in available_workflows",
        "'{0}' is not a workflow of the resource '{1}'.{3} Its definition defines: {2}. Use one of those names.");

    public static readonly DiagnosticDescriptor AttributeHasNoPath = Error("MT4007", Resource,
        "Attribute value has no path",
        "The attribute '{0}' is {1}; nothing can be selected inside it. Remove the path after '{0}'.");

    public static readonly DiagnosticDescriptor StructuredWorkflowNeedsType = Error("MT4008", Resource,
        "Structured workflow without type",
        "The workflow resource '{0}' uses Heat's structured form (tasks) but has no 'type'; Heat requires it. Add 'type: direct' or 'type: reverse'.");

    // OS::Mistral::CronTrigger and cron expressions

    public static readonly DiagnosticDescriptor CronPatternInvalid = Error("MT4010", Cron,
        "Invalid cron pattern",
        "The cron pattern '{0}' is not valid: {1}. Write 5 fields (minute hour day-of-month month day-of-week), optionally a 6th for seconds, or a macro such as @daily.");

    public static readonly DiagnosticDescriptor CronFirstTimeFormat = Error("MT4011", Cron,
        "Invalid first_time",
        "'{0}' is not a time in the format \"YYYY-MM-DD HH:MM\" (for example \"2030-01-31 06:20\"). Write it that way; Mistral reads nothing else.");

    public static readonly DiagnosticDescriptor CronCountTooSmall = Error("MT4012", Cron,
        "Cron trigger count below 1",
        "'count' is {0}; a trigger must run at least once. Use 1 or more, or remove 'count' to run without limit.");

    public static readonly DiagnosticDescriptor CronNoSchedule = Error("MT4013", Cron,
        "Cron trigger without schedule",
        "The cron trigger '{0}' has neither 'pattern' nor 'first_time'. Add a pattern (e.g. '0 * * * *'), a first_time, or both.");

    public static readonly DiagnosticDescriptor CronCountNeedsPattern = Error("MT4014", Cron,
        "Cron trigger count needs a pattern",
        "'count' is {0} but there is no 'pattern': without a pattern the trigger runs once at first_time. Add a pattern or set count to 1.");

    public static readonly DiagnosticDescriptor CronWorkflowShape = Error("MT4015", Cron,
        "Cron trigger workflow has the wrong shape",
        "'workflow' must be a workflow name or a mapping {{name: ..., input: {{...}}}}, not {0}.");

    public static readonly DiagnosticDescriptor CronWorkflowUnknownKey = Error("MT4016", Cron,
        "Unknown key in cron trigger workflow",
        "'{0}' is not a key of a cron trigger's 'workflow'; the keys are 'name' and 'input'.");

    public static readonly DiagnosticDescriptor CronWorkflowNameMissing = Error("MT4017", Cron,
        "Cron trigger workflow without name",
        "The cron trigger's 'workflow' has no 'name'. Add 'name:' with the workflow's name or a get_attr to available_workflows.");

    public static readonly DiagnosticDescriptor TriggerInputNotDeclared = Error("MT4018", Cron,
        "Trigger input not declared by the workflow",
        "The workflow '{1}' declares no input '{0}' (declared: {2}).{3} Remove it or declare it in the workflow's 'input'.");

    public static readonly DiagnosticDescriptor TriggerRequiredInputMissing = Error("MT4019", Cron,
        "Required workflow input not supplied",
        "The workflow '{0}' requires {1} with no default; supply {2} in the trigger's 'input' or in the workflow resource's 'input'.");

    // OS::Mistral::ExternalResource

    public static readonly DiagnosticDescriptor ReplaceOnChangeNotAnInput = Warning("MT4020", Resource,
        "replace_on_change_inputs names an unknown input",
        "'{0}' is not a key of this resource's 'input' (keys: {1}), so a change to it can never replace the resource. Name one of the inputs or add it to 'input'.");

    public static readonly DiagnosticDescriptor ExternalInputNotDeclared = Error("MT4021", Resource,
        "External resource input not declared by an action's workflow",
        "The {4} workflow '{1}' declares no input '{0}' (declared: {2}).{3} Mistral starts every action's workflow with the resource's whole 'input' and refuses names a workflow does not declare. Remove it, or declare it in that workflow's 'input'.");

    public static readonly DiagnosticDescriptor ExternalRequiredInputMissing = Error("MT4022", Resource,
        "External resource input lacks a required workflow input",
        "The {3} workflow '{0}' requires {1} with no default; Mistral starts it with the resource's 'input' only. Supply {2} in 'input', or give the workflow input a default.");

    // OS::Aodh::Alarm and OS::Ceilometer::Alarm

    public static readonly DiagnosticDescriptor AlarmActionNotUrl = Warning("MT4030", Resource,
        "Alarm action is not a URL",
        "The alarm action {0} is not a URL; Aodh calls these as webhooks. Use a URL or {{get_attr: [<workflow>, alarm_url]}}.");
}
