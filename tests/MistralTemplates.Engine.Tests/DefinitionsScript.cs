using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using MistralTemplates.Mistral;

namespace MistralTemplates.Engine.Tests;

/// <summary>
/// One CRUD script over workflows, environments, cron triggers, ad-hoc actions and workbooks that runs against any <see cref="IWorkflowService"/>
/// and writes down each step's outcome: what came back (names, interfaces, key fields) or which exception type.
/// The same script on two services must give the same lines.
/// </summary>
public sealed class DefinitionsScript(IWorkflowService service, string suffix)
{
    private readonly List<string> _outcomes = new();

    private string N(string name) => $"{name}_{suffix}";

    public async Task<IReadOnlyList<string>> RunAsync()
    {
        string a = N("a"), b = N("b"), c = N("c"), ns = N("ns"), env = N("env"), ct = N("ct");

        await Step("create hello", async () => Describe(await service.Workflows.CreateAsync(Definitions.Hello(a))));
        await Step("create two in a namespace", async () => Describe(await service.Workflows.CreateAsync(Definitions.Two(b, c), ns)));
        await Step("create hello again", async () => Describe(await service.Workflows.CreateAsync(Definitions.Hello(a))));
        await Step("create with an unknown task key", async () => Describe(await service.Workflows.CreateAsync(Definitions.UnknownTaskKey(N("d")))));
        await Step("create with bad YAQL", async () => Describe(await service.Workflows.CreateAsync(Definitions.BadYaql(N("e")))));
        await Step("create with bad YAML", async () => Describe(await service.Workflows.CreateAsync(Definitions.BadYaml)));
        await Step("get an invalid one", async () => Describe([await service.Workflows.GetAsync(N("d"))]));
        foreach (var (label, text) in new[] { ("hello", Definitions.Hello(N("v"))), ("unknown key", Definitions.UnknownTaskKey(N("v"))),
                     ("bad YAQL", Definitions.BadYaql(N("v"))), ("bad YAML", Definitions.BadYaml) })
            await Step($"validate {label}", async () => $"valid={(await service.Workflows.ValidateAsync(text)).IsValid}");
        await Step("get hello", async () => Describe([await service.Workflows.GetAsync(a)]));
        await Step("get in the wrong namespace", async () => Describe([await service.Workflows.GetAsync(b)]));
        await Step("get in its namespace", async () => Describe([await service.Workflows.GetAsync(c, ns)]));
        await Step("update hello", async () => Describe(await service.Workflows.UpdateAsync(Definitions.Hello(a, "Hi"))));
        await Step("update a missing one", async () => Describe(await service.Workflows.UpdateAsync(Definitions.Hello(N("never")))));
        await Step("list by name", async () => Names(await ToListAsync(service.Workflows.ListAsync(new ListQuery().Where("name", FilterOperator.In, a, b, c)))));
        await Step("list by namespace", async () => Names(await ToListAsync(service.Workflows.ListAsync(new ListQuery().Where("namespace", FilterOperator.Eq, ns)))));

        await Step("create environment", async () => Describe(await service.Environments.CreateAsync(new EnvironmentRequest(env, new JsonObject { ["a"] = 1 }) { Description = "d" })));
        await Step("create environment again", async () => Describe(await service.Environments.CreateAsync(new EnvironmentRequest(env, new JsonObject()))));
        await Step("update environment", async () => Describe(await service.Environments.UpdateAsync(new EnvironmentRequest(env, new JsonObject { ["a"] = 3, ["b"] = "x" }))));
        await Step("get environment", async () => Describe(await service.Environments.GetAsync(env)));
        await Step("update a missing environment", async () => Describe(await service.Environments.UpdateAsync(new EnvironmentRequest(N("noenv"), new JsonObject()))));
        await Step("delete environment", async () => { await service.Environments.DeleteAsync(env); return "deleted"; });
        await Step("get deleted environment", async () => Describe(await service.Environments.GetAsync(env)));

        CronTriggerRequest Trigger(string name) => new(name) { WorkflowName = a, WorkflowInput = new JsonObject { ["name"] = "cron" }, Pattern = "0 0 1 1 *", RemainingExecutions = 2 };
        await Step("create cron trigger", async () => Describe(await service.CronTriggers.CreateAsync(Trigger(ct))));
        await Step("create cron trigger again", async () => Describe(await service.CronTriggers.CreateAsync(Trigger(ct))));
        await Step("cron trigger with a bad pattern", async () => Describe(await service.CronTriggers.CreateAsync(Trigger(N("x")) with { Pattern = "not a cron" })));
        await Step("cron trigger without required input", async () => Describe(await service.CronTriggers.CreateAsync(Trigger(N("x")) with { WorkflowInput = null })));
        await Step("cron trigger with unexpected input", async () => Describe(await service.CronTriggers.CreateAsync(Trigger(N("x")) with { WorkflowInput = new JsonObject { ["name"] = "n", ["extra"] = 1 } })));
        await Step("cron trigger for an unknown workflow", async () => Describe(await service.CronTriggers.CreateAsync(Trigger(N("x")) with { WorkflowName = N("nope") })));
        await Step("cron trigger too soon", async () => Describe(await service.CronTriggers.CreateAsync(Trigger(N("x")) with { Pattern = null, FirstExecutionTime = DateTimeOffset.UtcNow })));
        await Step("list cron triggers", async () => string.Join(",", (await ToListAsync(service.CronTriggers.ListAsync(new ListQuery().Where("name", FilterOperator.In, ct, N("x"))))).Select(t => t.Name)));
        await Step("delete a workflow a trigger uses", async () => { await service.Workflows.DeleteAsync(a); return "deleted"; });
        await Step("delete cron trigger", async () => { await service.CronTriggers.DeleteAsync(ct); return "deleted"; });
        await Step("get deleted cron trigger", async () => Describe(await service.CronTriggers.GetAsync(ct)));

        await Step("delete hello", async () => { await service.Workflows.DeleteAsync(a); return "deleted"; });
        await Step("delete hello again", async () => { await service.Workflows.DeleteAsync(a); return "deleted"; });
        await Step("delete in the namespace", async () => { await service.Workflows.DeleteAsync(b, ns); await service.Workflows.DeleteAsync(c, ns); return "deleted"; });

        await ActionStepsAsync(ns);
        await WorkbookStepsAsync();
        return _outcomes;
    }

    private async Task ActionStepsAsync(string ns)
    {
        string x = N("act_x"), y = N("act_y");
        await Step("create two actions", async () => Describe(await service.Actions.CreateAsync(BookDefinitions.TwoActions(x, y))));
        await Step("create two actions in a namespace", async () => Describe(await service.Actions.CreateAsync(BookDefinitions.TwoActions(x, y), ns)));
        await Step("create an action again", async () => Describe(await service.Actions.CreateAsync(BookDefinitions.TwoActions(x, N("act_z")))));
        await Step("get the action of a refused create", async () => Describe([await service.Actions.GetAsync(N("act_z"))]));
        await Step("create an action without base", async () => Describe(await service.Actions.CreateAsync(BookDefinitions.ActionWithoutBase(N("act_w")))));
        foreach (var (label, text) in new[] { ("actions", BookDefinitions.TwoActions(N("v1"), N("v2"))), ("no base", BookDefinitions.ActionWithoutBase(N("v3"))),
                     ("bad YAML", Definitions.BadYaml) })
            await Step($"validate {label}", async () => $"valid={(await service.Actions.ValidateAsync(text)).IsValid}");
        await Step("get an action", async () => Describe([await service.Actions.GetAsync(x)]));
        await Step("get an action in its namespace", async () => Describe([await service.Actions.GetAsync(y, ns)]));
        await Step("get an action in the wrong namespace", async () => Describe([await service.Actions.GetAsync(x, N("other"))]));
        await Step("update actions", async () => Describe(await service.Actions.UpdateAsync(BookDefinitions.TwoActions(x, y, "hello"))));
        await Step("update a missing action", async () => Describe(await service.Actions.UpdateAsync(BookDefinitions.TwoActions(N("never1"), N("never2")))));
        await Step("list actions by name", async () => Names(await ToListAsync(service.Actions.ListAsync(new ListQuery().Where("name", FilterOperator.In, x, y)))));
        await Step("delete an action", async () => { await service.Actions.DeleteAsync(x); return "deleted"; });
        await Step("delete an action again", async () => { await service.Actions.DeleteAsync(x); return "deleted"; });
        await Step("delete the rest", async () =>
        {
            await service.Actions.DeleteAsync(y);
            await service.Actions.DeleteAsync(x, ns);
            await service.Actions.DeleteAsync(y, ns);
            return "deleted";
        });
    }

    private async Task WorkbookStepsAsync()
    {
        var book = N("wb");
        await Step("create workbook", async () => Describe(await service.Workbooks.CreateAsync(BookDefinitions.Book(book))));
        await Step("create workbook again", async () => Describe(await service.Workbooks.CreateAsync(BookDefinitions.Book(book))));
        await Step("create workbook without a name", async () => Describe(await service.Workbooks.CreateAsync(BookDefinitions.BookWithoutName)));
        foreach (var (label, text) in new[] { ("workbook", BookDefinitions.Book(N("vb"))), ("no name", BookDefinitions.BookWithoutName), ("bad YAML", Definitions.BadYaml) })
            await Step($"validate {label}", async () => $"valid={(await service.Workbooks.ValidateAsync(text)).IsValid}");
        await Step("get workbook", async () => Describe(await service.Workbooks.GetAsync(book)));
        await Step("get the workbook's workflow", async () => Describe([await service.Workflows.GetAsync($"{book}.wf1")]));
        await Step("get the workbook's action", async () => Describe([await service.Actions.GetAsync($"{book}.say")]));
        await Step("update workbook", async () => Describe(await service.Workbooks.UpdateAsync(BookDefinitions.Book(book, withSecondWorkflow: true))));
        await Step("get the workflow an update added", async () => Describe([await service.Workflows.GetAsync($"{book}.wf2")]));
        await Step("update a missing workbook", async () => Describe(await service.Workbooks.UpdateAsync(BookDefinitions.Book(N("nobook")))));
        await Step("list workbooks by name", async () => string.Join(",", (await ToListAsync(service.Workbooks.ListAsync(new ListQuery().Where("name", FilterOperator.Eq, book)))).Select(w => w.Name)));
        await Step("delete workbook", async () => { await service.Workbooks.DeleteAsync(book); return "deleted"; });
        await Step("get a deleted workbook", async () => Describe(await service.Workbooks.GetAsync(book)));
        await Step("its workflow stays", async () => Describe([await service.Workflows.GetAsync($"{book}.wf1")]));
        await Step("delete workbook again", async () => { await service.Workbooks.DeleteAsync(book); return "deleted"; });
        await Step("delete what it made", async () =>
        {
            await service.Workflows.DeleteAsync($"{book}.wf1");
            await service.Workflows.DeleteAsync($"{book}.wf2");
            await service.Actions.DeleteAsync($"{book}.say");
            return "deleted";
        });
    }

    private async Task Step(string label, Func<Task<string>> action)
    {
        string outcome;
        try
        {
            outcome = await action();
        }
        catch (MistralException error)
        {
            outcome = error.GetType().Name;
        }
        _outcomes.Add($"{label}: {outcome.Replace(suffix, "*")}");
    }

    private static string Describe(IEnumerable<WorkflowDefinition> workflows) =>
        string.Join(" | ", workflows.Select(w => $"{w.Name}@{w.Namespace} ({Describe(w.Interface)})"));

    private static string Describe(WorkflowInterface? shape) => shape is null
        ? "no interface"
        : "in: " + string.Join(", ", shape.Input.Select(p => p.HasDefault ? $"{p.Name}={p.Default?.ToJsonString()}" : p.Name)) +
          "; out: " + string.Join(", ", shape.Output);

    private static string Describe(MistralEnvironment environment) =>
        $"{environment.Name} {environment.Description} {environment.Variables?.ToJsonString()}";

    private static string Describe(CronTrigger trigger) =>
        $"{trigger.Name} -> {trigger.WorkflowName} {trigger.Pattern} x{trigger.RemainingExecutions} next {trigger.NextExecutionTime:u} input {trigger.WorkflowInput?.ToJsonString()}";

    private static string Describe(IEnumerable<ActionDefinition> actions) =>
        string.Join(" | ", actions.Select(a => $"{a.Name}@{a.Namespace} system={a.IsSystem} in: {a.Input}; {a.Description}; tags {string.Join(",", a.Tags ?? [])}"));

    private static string Describe(Workbook book) =>
        $"{book.Name}@{book.Namespace} tags {string.Join(",", book.Tags ?? [])} {book.Scope}";

    private static string Names(IEnumerable<ActionDefinition> actions) =>
        string.Join(",", actions.Select(a => $"{a.Name}@{a.Namespace}").Order(StringComparer.Ordinal));

    private static string Names(IEnumerable<WorkflowDefinition> workflows) =>
        string.Join(",", workflows.Select(w => $"{w.Name}@{w.Namespace}").Order(StringComparer.Ordinal));

    private static async Task<List<T>> ToListAsync<T>(IAsyncEnumerable<T> items)
    {
        var list = new List<T>();
        await foreach (var item in items) list.Add(item);
        return list;
    }
}
