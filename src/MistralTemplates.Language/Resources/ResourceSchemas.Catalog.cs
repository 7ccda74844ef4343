using System.Collections.Generic;

namespace MistralTemplates.Language.Resources;

/// <summary>
/// The schemas of the resource types this product checks, following Heat's own properties and
/// attributes schemas. OS::Mistral::Workflow also takes the blueprint's <c>definition</c> form, so the
/// properties only one of its two forms needs (type, tasks) are not required here: the checker
/// decides which form a resource uses.
/// </summary>
public static partial class ResourceSchemas
{
    public const string WorkflowType = "OS::Mistral::Workflow";
    public const string CronTriggerType = "OS::Mistral::CronTrigger";
    public const string ExternalResourceType = "OS::Mistral::ExternalResource";
    public const string AodhAlarmType = "OS::Aodh::Alarm";
    public const string CeilometerAlarmType = "OS::Ceilometer::Alarm";

    /// <summary>Comparison operators of Aodh threshold rules and query factors.</summary>
    public static readonly IReadOnlyList<string> ComparisonOperators = new[] { "le", "ge", "eq", "lt", "gt", "ne" };

    // Declared before All: static fields initialise in text order.
    private static readonly AttributeSchema Show =
        new("show", AttributeType.Map, "Every attribute of the resource as the service reports it.");

    public static IReadOnlyList<ResourceSchema> All { get; } = new List<ResourceSchema>
    {
        Workflow(),
        CronTrigger(),
        ExternalResource(),
        Alarm(AodhAlarmType),
        Alarm(CeilometerAlarmType),
    };

    private static ResourceSchema Workflow()
    {
        var taskPolicies = new List<PropertySchema>
        {
            new("retry", PropertyType.Map, "How the task is repeated after an error (count, delay, break-on, continue-on)."),
            new("wait_before", PropertyType.Integer, "Seconds to wait before the task starts."),
            new("wait_after", PropertyType.Integer, "Seconds to wait after the task ends, before its transitions run."),
            new("pause_before", PropertyType.Boolean, "Whether the workflow pauses before the task starts."),
            new("timeout", PropertyType.Integer, "Seconds after which the engine fails an unfinished task."),
            new("concurrency", PropertyType.Integer, "How many with_items actions run at once; only with with_items."),
        };
        var transitions = new List<PropertySchema>
        {
            new("on_success", PropertyType.List, "Tasks to run after this one succeeds."),
            new("on_error", PropertyType.List, "Tasks to run after this one fails."),
            new("on_complete", PropertyType.List, "Tasks to run after this one ends, whatever its outcome."),
            new("requires", PropertyType.List, "Tasks that must finish before this one; reverse workflows only."),
        };

        var taskKeys = new List<PropertySchema>
        {
            new("name", PropertyType.String, "The task's name, unique in the workflow.", Required: true),
            new("description", PropertyType.String, "What the task does."),
            new("input", PropertyType.Map, "Values of the action's or sub-workflow's parameters."),
            new("action", PropertyType.String, "The action the task runs, optionally with inline parameters; either action or workflow."),
            new("workflow", PropertyType.String, "The sub-workflow the task runs (a name or get_resource); either action or workflow."),
            new("publish", PropertyType.Map, "Variables the task adds to the workflow context."),
            new("policies", PropertyType.Map, "The old (Kilo) grouping of retry, waits, timeout and concurrency; write them on the task instead."),
            new("with_items", PropertyType.String, "Runs the action once per item: 'x in <% $.list %>'."),
            new("keep_result", PropertyType.Boolean, "Whether the action's result is stored after the task ends."),
            new("target", PropertyType.String, "The executor the action is sent to."),
            new("join", PropertyType.String, "Waits for upstream branches: 'all' or how many of them."),
        };
        taskKeys.AddRange(transitions);
        taskKeys.AddRange(taskPolicies);

        var taskDefaults = new List<PropertySchema>(transitions);
        taskDefaults.AddRange(taskPolicies);

        return new ResourceSchema(WorkflowType,
            "A Mistral workflow: either Mistral DSL v2 in 'definition' (one or more workflows) or Heat's structured form (type, tasks ...).",
            new List<PropertySchema>
            {
                new("definition", PropertyType.Any,
                    "Mistral DSL v2 text, a mapping, or get_file of a DSL file; 'version' may be left out. Not together with the structured properties."),
                new("name", PropertyType.String, "The workflow's name in the structured form; Heat makes one up when it is left out."),
                new("type", PropertyType.String, "The structured form's workflow type.", AllowedValues: new[] { "direct", "reverse" }),
                new("description", PropertyType.String, "What the workflow does."),
                new("input", PropertyType.Map,
                    "Input values the workflow runs with when the resource is signalled; in the structured form its keys are also the workflow's inputs."),
                new("output", PropertyType.Map, "The structured form's workflow output; values may hold expressions."),
                new("tasks", PropertyType.List, "The structured form's tasks, at least one.",
                    ListItemSchema: new PropertySchema("task", PropertyType.Map, "One task.", MapSchema: taskKeys)),
                new("params", PropertyType.Map, "Extra execution parameters; a reverse workflow needs 'task_name', its target task."),
                new("task_defaults", PropertyType.Map, "Settings every task of the structured form inherits.", MapSchema: taskDefaults),
                new("tags", PropertyType.List, "Tags set on the workflow."),
                new("use_request_body_as_input", PropertyType.Boolean,
                    "Whether a signal's whole body is the workflow input, rather than its 'input' and 'params' keys."),
            },
            new List<AttributeSchema>
            {
                new("available_workflows", AttributeType.Map, "Each workflow of the definition: short name → the full name Mistral knows it by."),
                new("executions", AttributeType.List, "The executions started through this resource, each with id, workflow_name, state, input, output and times."),
                new("alarm_url", AttributeType.Uri, "A signed URL that starts an execution when called, e.g. by an alarm."),
                new("data", AttributeType.Map, "The workflow's name and input."),
                Show,
            });
    }

    private static ResourceSchema CronTrigger() => new(CronTriggerType,
        "A Mistral cron trigger: runs a workflow on a cron schedule, from a first time, or both.",
        new List<PropertySchema>
        {
            new("name", PropertyType.String, "The trigger's name; Heat makes one up when it is left out.", UpdateAllowed: false),
            new("pattern", PropertyType.String, "When the workflow runs, as a cron expression ('1 0 * * *').", UpdateAllowed: false),
            // A mapping {name, input} as in Heat, or a plain workflow name as in the blueprint: the checker validates the shape.
            new("workflow", PropertyType.Any,
                "The workflow to run: its name (or a get_attr to available_workflows), or a mapping with 'name' and 'input'.",
                Required: true, UpdateAllowed: false),
            new("first_time", PropertyType.String, "The first run, as \"YYYY-MM-DD HH:MM\" in UTC.", UpdateAllowed: false),
            new("count", PropertyType.Integer, "How many runs remain; no limit when left out.", UpdateAllowed: false),
        },
        new List<AttributeSchema>
        {
            new("next_execution_time", AttributeType.Timestamp, "When the workflow runs next, as \"YYYY-MM-DD HH:MM:SS\"."),
            new("remaining_executions", AttributeType.Integer, "How many runs remain."),
            Show,
        });

    private static ResourceSchema ExternalResource()
    {
        var action = new List<PropertySchema>
        {
            new("workflow", PropertyType.String, "The workflow to run for this action (a name or get_resource).", Required: true),
            new("params", PropertyType.Map, "Extra execution parameters; 'task_name' for a reverse workflow."),
        };
        PropertySchema Action(string name, string description) =>
            new(name, PropertyType.Map, description, MapSchema: action);

        return new ResourceSchema(ExternalResourceType,
            "A resource Heat does not know, managed by running a Mistral workflow for each of its life-cycle actions.",
            new List<PropertySchema>
            {
                new("actions", PropertyType.Map, "The workflow to run for each resource action.", Required: true, UpdateAllowed: false,
                    MapSchema: new List<PropertySchema>
                    {
                        Action("CREATE", "Runs when the resource is created."),
                        Action("UPDATE", "Runs when the resource's input changes (or always, with always_update)."),
                        Action("SUSPEND", "Runs when the stack is suspended."),
                        Action("RESUME", "Runs when the stack is resumed."),
                        Action("DELETE", "Runs when the resource is deleted."),
                    }),
                new("input", PropertyType.Map, "Input of every workflow the resource runs."),
                new("description", PropertyType.String, "The description of the executions.", UpdateAllowed: false),
                new("replace_on_change_inputs", PropertyType.List,
                    "Names of inputs whose change replaces the resource rather than running UPDATE.", UpdateAllowed: false,
                    ListItemSchema: new PropertySchema("input", PropertyType.String, "An input name.")),
                new("always_update", PropertyType.Boolean, "Runs UPDATE on every stack update, even with unchanged input.", UpdateAllowed: false),
            },
            new List<AttributeSchema>
            {
                new("output", AttributeType.Map, "The output of the last execution."),
                Show,
            });
    }

    /// <summary>The threshold alarm; OS::Ceilometer::Alarm is Heat's alias of OS::Aodh::Alarm.</summary>
    private static ResourceSchema Alarm(string type)
    {
        var queryFactor = new List<PropertySchema>
        {
            new("field", PropertyType.String, "The sample attribute compared, e.g. metadata.user_metadata.stack."),
            new("type", PropertyType.String, "The attribute's type.",
                AllowedValues: new[] { "integer", "float", "string", "boolean", "datetime" }),
            new("op", PropertyType.String, "The comparison operator.", AllowedValues: ComparisonOperators),
            new("value", PropertyType.String, "The value compared with."),
        };
        var timeConstraint = new List<PropertySchema>
        {
            new("name", PropertyType.String, "The constraint's name.", Required: true),
            new("start", PropertyType.String, "When the window opens, as a cron expression.", Required: true),
            new("duration", PropertyType.Integer, "How long the window stays open, in seconds.", Required: true),
            new("timezone", PropertyType.String, "The time zone of 'start', e.g. 'Europe/Amsterdam'."),
            new("description", PropertyType.String, "What the window is for."),
        };
        PropertySchema Actions(string name, string when) =>
            new(name, PropertyType.List, $"Webhook URLs called when the alarm goes to {when}.");
        PropertySchema Queues(string name, string when) =>
            new(name, PropertyType.List, $"Zaqar queues posted to when the alarm goes to {when}.",
                ListItemSchema: new PropertySchema("queue", PropertyType.String, "A queue name."));

        return new ResourceSchema(type,
            "An Aodh threshold alarm: watches a meter's statistic and calls webhooks when it crosses a threshold.",
            new List<PropertySchema>
            {
                new("meter_name", PropertyType.String, "The meter watched, e.g. cpu_util.", Required: true, UpdateAllowed: false),
                new("statistic", PropertyType.String, "The statistic compared with the threshold.",
                    AllowedValues: new[] { "count", "avg", "sum", "min", "max" }),
                new("period", PropertyType.Integer, "The length of one evaluation period, in seconds."),
                new("evaluation_periods", PropertyType.Integer, "How many periods are evaluated."),
                new("threshold", PropertyType.Number, "The value the statistic is compared with.", Required: true),
                new("comparison_operator", PropertyType.String, "How the statistic is compared with the threshold.",
                    AllowedValues: ComparisonOperators),
                new("matching_metadata", PropertyType.Map, "Resource metadata (key: value) the samples must also match."),
                new("query", PropertyType.List, "Query factors the samples must match, besides matching_metadata.",
                    ListItemSchema: new PropertySchema("factor", PropertyType.Map, "One query factor.", MapSchema: queryFactor)),
                new("description", PropertyType.String, "What the alarm watches."),
                new("enabled", PropertyType.Boolean, "Whether the alarm is evaluated and its actions run."),
                Actions("alarm_actions", "alarm"),
                Actions("ok_actions", "ok"),
                Actions("insufficient_data_actions", "insufficient data"),
                Queues("alarm_queues", "alarm"),
                Queues("ok_queues", "ok"),
                Queues("insufficient_data_queues", "insufficient data"),
                new("repeat_actions", PropertyType.Boolean, "Whether the actions run at every evaluation in the state, not only on a change."),
                new("severity", PropertyType.String, "How severe the alarm is.", AllowedValues: new[] { "low", "moderate", "critical" }),
                new("time_constraints", PropertyType.List, "Windows outside which the alarm is not evaluated.",
                    ListItemSchema: new PropertySchema("constraint", PropertyType.Map, "One window.", MapSchema: timeConstraint)),
            },
            new List<AttributeSchema> { Show });
    }
}
