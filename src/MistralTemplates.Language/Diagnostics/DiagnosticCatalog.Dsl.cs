namespace MistralTemplates.Language.Diagnostics;

public static partial class DiagnosticCatalog
{
    private const string Dsl = "Dsl";

    public static readonly DiagnosticDescriptor DslVersionMissing = Error("MT2001", Dsl,
        "DSL version missing",
        "The Mistral document has no 'version'. Add \"version: '2.0'\" at its top.");

    public static readonly DiagnosticDescriptor DslVersionUnsupported = Error("MT2002", Dsl,
        "Unsupported DSL version",
        "DSL version '{0}' is not supported; Mistral reads version 2.0 only. Write \"version: '2.0'\".");

    public static readonly DiagnosticDescriptor DslUnknownKey = Error("MT2003", Dsl,
        "Unknown key",
        "'{0}' is not a key of {1}; Mistral refuses it.{3} Use one of: {2}.");

    public static readonly DiagnosticDescriptor DslIgnoredWorkflowKey = Warning("MT2004", Dsl,
        "Key ignored by Mistral",
        "'{0}' is not a key of workflow '{1}'; Mistral ignores it.{3} Fix its spelling or remove it (keys: {2}).");

    public static readonly DiagnosticDescriptor DslWrongType = Error("MT2005", Dsl,
        "Wrong value type",
        "'{0}' must be {1}, not {2}.");

    public static readonly DiagnosticDescriptor DslUnknownWorkflowType = Error("MT2006", Dsl,
        "Unknown workflow type",
        "Workflow type '{0}' is not known.{1} Write 'direct' or 'reverse'.");

    public static readonly DiagnosticDescriptor DslNoTasks = Error("MT2007", Dsl,
        "Workflow without tasks",
        "Workflow '{0}' has no tasks. Add at least one task under 'tasks'.");

    public static readonly DiagnosticDescriptor DslActionAndWorkflow = Error("MT2008", Dsl,
        "Task with both action and workflow",
        "Task '{0}' has both 'action' and 'workflow'; a task runs one of them. Remove one.");

    public static readonly DiagnosticDescriptor DslUnknownTransitionTarget = Error("MT2009", Dsl,
        "Transition to an unknown task",
        "'{0}' is not a task of workflow '{1}' nor an engine command (fail, succeed, pause, noop).{3} Name one of: {2}.");

    public static readonly DiagnosticDescriptor DslRequiresInDirectWorkflow = Error("MT2010", Dsl,
        "'requires' in a direct workflow",
        "Task '{0}' uses 'requires', which only reverse workflows have. Use on-success/on-complete in the tasks it waits for, or set 'type: reverse'.");

    public static readonly DiagnosticDescriptor DslUnknownRequiredTask = Error("MT2011", Dsl,
        "Requires an unknown task",
        "'{0}' is not a task of workflow '{1}'.{3} Name one of: {2}.");

    public static readonly DiagnosticDescriptor DslRequiresCycle = Error("MT2012", Dsl,
        "Cycle of 'requires'",
        "The tasks of workflow '{0}' require each other in a cycle ({1}); none of them can ever start. Break the cycle.");

    public static readonly DiagnosticDescriptor DslConcurrencyWithoutWithItems = Warning("MT2013", Dsl,
        "'concurrency' without 'with-items'",
        "Task '{0}' sets 'concurrency' but has no 'with-items'; Mistral ignores it. Add 'with-items' or remove 'concurrency'.");

    public static readonly DiagnosticDescriptor DslJoinValue = Error("MT2014", Dsl,
        "Bad 'join' value",
        "'join' must be 'all', 'one' or a whole number >= 0, not {0}.");

    public static readonly DiagnosticDescriptor DslJoinInboundTasks = Error("MT2015", Dsl,
        "Not enough inbound tasks for 'join'",
        "Task '{0}' joins {1} but only {2} task(s) lead to it. Add transitions to it or lower 'join'.");

    public static readonly DiagnosticDescriptor DslWithItemsSyntax = Error("MT2016", Dsl,
        "Bad 'with-items' clause",
        "'{0}' is not a with-items clause. Write 'name in <% $.list %>' or 'name in [1, 2]'.");

    public static readonly DiagnosticDescriptor DslRetryIncomplete = Error("MT2017", Dsl,
        "Incomplete retry policy",
        "'retry' needs '{0}'. Write both 'count' and 'delay' (e.g. 'count: 3' and 'delay: 10').");

    public static readonly DiagnosticDescriptor DslBadInputItem = Error("MT2018", Dsl,
        "Bad input declaration",
        "An input entry must be a name ('- vm_name') or a single name with its default ('- flavor: m1.small'), not {0}.");

    public static readonly DiagnosticDescriptor DslDuplicateName = Error("MT2019", Dsl,
        "Duplicate entry",
        "'{0}' appears more than once in '{1}'; Mistral requires unique entries. Remove the duplicate.");

    public static readonly DiagnosticDescriptor DslInvalidCommand = Error("MT2020", Dsl,
        "Invalid action or workflow reference",
        "'{0}' does not start with an action or workflow name. Write 'name param=value ...'.");

    public static readonly DiagnosticDescriptor DslIgnoredInlineParameter = Warning("MT2021", Dsl,
        "Inline parameter ignored by Mistral",
        "Mistral ignores '{0}': {1}. Quote string values (key='text'), or use a number, true/false/null, a [list] or an expression.");

    public static readonly DiagnosticDescriptor DslLegacyPolicies = Error("MT2022", Dsl,
        "Legacy 'policies' block",
        "Mistral 2.0+ no longer reads 'policies'. Move its entries (retry, wait-before, wait-after, timeout, pause-before, concurrency) directly under the task.");

    public static readonly DiagnosticDescriptor DslWorkbookNameMissing = Error("MT2023", Dsl,
        "Workbook without name",
        "A workbook needs a 'name'. Add 'name: my_workbook' at its top.");

    public static readonly DiagnosticDescriptor DslActionBaseMissing = Error("MT2024", Dsl,
        "Ad-hoc action without base",
        "Action '{0}' has no 'base'. Name the action it wraps, e.g. 'base: std.echo'.");

    public static readonly DiagnosticDescriptor DslNoStartTask = Error("MT2025", Dsl,
        "No start task",
        "Every task of direct workflow '{0}' is the target of a transition, so none can start. Leave at least one task that no other task leads to.");

    public static readonly DiagnosticDescriptor DslEmptyDocument = Error("MT2026", Dsl,
        "Nothing defined",
        "The {0} defines no {1}. Add at least one.");

    public static readonly DiagnosticDescriptor DslInvalidName = Error("MT2027", Dsl,
        "Invalid name",
        "'{0}' is not a valid {1} name: {2}.");

    public static readonly DiagnosticDescriptor HeatWorkflowPolicyConflict = Error("MT2028", Dsl,
        "Policy set twice",
        "Task '{0}' sets '{1}' both directly and in 'policies'; Heat refuses both at once. Keep the direct '{1}' and remove 'policies'.");

    public static readonly DiagnosticDescriptor HeatWorkflowTaskWithoutCommand = Error("MT2029", Dsl,
        "Task without action or workflow",
        "Task '{0}' has neither 'action' nor 'workflow'; Heat requires one. Add 'action: std.noop' if the task does nothing.");

    public static readonly DiagnosticDescriptor HeatWorkflowConcurrencyWithoutWithItems = Error("MT2030", Dsl,
        "'concurrency' without 'with_items'",
        "Task '{0}' sets 'concurrency' without 'with_items'; Heat refuses it. Add 'with_items' or remove 'concurrency'.");
}
