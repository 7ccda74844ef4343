using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using MistralTemplates.Language.Cron;
using MistralTemplates.Mistral;

namespace MistralTemplates.Engine;

/// <summary>
/// Cron triggers in the engine's database, refused for what the server refuses (a bad pattern, a first time less
/// than a minute ahead, a count above one without a pattern, an unknown workflow, missing or unexpected workflow
/// input). <see cref="Triggers.CronScheduler"/> fires them.
/// </summary>
internal sealed class EngineCronTriggers(EngineDatabase database, TimeProvider time) : ICronTriggers
{
    private const string Path = "/v2/cron_triggers";

    /// <summary>The pattern Mistral gives a trigger made with only a first time: 30 February never comes.</summary>
    public const string NeverPattern = "0 0 30 2 0";

    private readonly RecordTable<CronTrigger> _table = new(database, "cron_triggers");
    private readonly RecordTable<WorkflowDefinition> _workflows = new(database, "workflows");

    public Task<CronTrigger> CreateAsync(CronTriggerRequest request, CancellationToken cancellationToken = default) =>
        database.InTransactionAsync(transaction =>
        {
            var now = EngineClock.Now(time);
            var (pattern, next, first, count) = Schedule(request, now);
            var workflow = FindWorkflow(transaction, request);
            var input = request.WorkflowInput?.DeepClone().AsObject() ?? new JsonObject();
            CheckInput(workflow, input);
            if (_table.Find(transaction, "", request.Name) is not null)
                throw EngineFaults.Conflict(HttpMethod.Post, Path,
                    $"Duplicate entry for cron trigger ['name', 'project_id']: {request.Name}, <default-project>");

            var record = new CronTrigger
            {
                Id = Guid.NewGuid().ToString(), Name = request.Name, WorkflowName = workflow.Name, WorkflowId = workflow.Id,
                WorkflowInput = input, WorkflowParams = request.WorkflowParams?.DeepClone() ?? new JsonObject(),
                Pattern = pattern, RemainingExecutions = count, FirstExecutionTime = first,
                NextExecutionTime = next, Scope = "private", ProjectId = "<default-project>", CreatedAt = now,
            };
            if (_table.All(transaction).Any(other => SameSchedule(other, record)))
                throw EngineFaults.Conflict(HttpMethod.Post, Path,
                    $"Duplicate entry for cron trigger ['name', 'project_id']: {request.Name}, None");
            _table.Insert(transaction, record.Id, "", record.Name, record);
            return record;
        }, cancellationToken);

    public Task<CronTrigger> GetAsync(string name, CancellationToken cancellationToken = default) =>
        database.ReadAsync(transaction =>
            _table.Find(transaction, "", name) ?? throw NotFound(HttpMethod.Get, name), cancellationToken);

    public IAsyncEnumerable<CronTrigger> ListAsync(ListQuery? query = null, CancellationToken cancellationToken = default) =>
        _table.ListAsync(query, Path, cancellationToken);

    public Task DeleteAsync(string name, CancellationToken cancellationToken = default) =>
        database.InTransactionAsync(transaction =>
            _table.Delete(transaction, "", name) ? true : throw NotFound(HttpMethod.Delete, name), cancellationToken);

    private static (string Pattern, DateTimeOffset Next, DateTimeOffset? First, int? Count) Schedule(CronTriggerRequest request, DateTimeOffset now)
    {
        if (request.Pattern is null && request.FirstExecutionTime is null)
            throw EngineFaults.BadRequest(HttpMethod.Post, Path, "Pattern or first_execution_time must be specified.");

        CronPattern? pattern = null;
        if (request.Pattern is not null && !CronPattern.TryParse(request.Pattern, out pattern, out _))
            throw EngineFaults.BadRequest(HttpMethod.Post, Path, $"The specified pattern is not valid: {request.Pattern}");

        if (request.FirstExecutionTime is { } asked)
        {
            var first = EngineClock.WholeMinute(asked);
            if (first - now < TimeSpan.FromMinutes(1))
                throw EngineFaults.BadRequest(HttpMethod.Post, Path, "first_execution_time must be at least 1 minute in the future.");
            if (request.Pattern is null && request.RemainingExecutions > 1)
                throw EngineFaults.BadRequest(HttpMethod.Post, Path, "Pattern must be provided if count is superior to 1.");
            // Without a pattern (or with no count, or a count of 0) a first time alone means one fire, as on the server.
            var count = request.Pattern is null && request.RemainingExecutions is null or 0 ? 1 : request.RemainingExecutions;
            return (request.Pattern ?? NeverPattern, first, first, count);
        }

        var next = pattern!.NextOccurrence(now.UtcDateTime)
            ?? throw EngineFaults.BadRequest(HttpMethod.Post, Path, $"The specified pattern never matches: {request.Pattern}");
        return (request.Pattern!, new DateTimeOffset(DateTime.SpecifyKind(next, DateTimeKind.Utc)), null, request.RemainingExecutions);
    }

    private WorkflowDefinition FindWorkflow(Microsoft.Data.Sqlite.SqliteTransaction transaction, CronTriggerRequest request)
    {
        var ns = request.WorkflowParams?["namespace"]?.GetValue<string>() ?? "";
        var workflow = request.WorkflowId is not null
            ? _workflows.FindById(transaction, request.WorkflowId)
            : request.WorkflowName is not null ? _workflows.Find(transaction, ns, request.WorkflowName) : null;
        if (request.WorkflowId is null && request.WorkflowName is null)
            throw EngineFaults.BadRequest(HttpMethod.Post, Path, "workflow_name or workflow_id must be provided.");
        return workflow ?? throw EngineFaults.NotFound(HttpMethod.Post, Path,
            $"Workflow not found [workflow_identifier={request.WorkflowId ?? request.WorkflowName}, namespace={ns}]");
    }

    /// <summary>
    /// The server's second unique key: workflow, input, params, pattern, count and first time. Like any SQL unique
    /// key it never matches rows where one of them is null, so only triggers with both a count and a first time clash.
    /// </summary>
    private static bool SameSchedule(CronTrigger a, CronTrigger b) =>
        a.RemainingExecutions is not null && a.FirstExecutionTime is not null
        && a.RemainingExecutions == b.RemainingExecutions && a.FirstExecutionTime == b.FirstExecutionTime
        && a.Pattern == b.Pattern && a.WorkflowName == b.WorkflowName
        && JsonNode.DeepEquals(a.WorkflowInput, b.WorkflowInput) && JsonNode.DeepEquals(a.WorkflowParams, b.WorkflowParams);

    // The server starts nothing when the trigger is made, but checks the input the workflow would get.
    private static void CheckInput(WorkflowDefinition workflow, JsonObject input)
    {
        var declared = workflow.Interface?.Input ?? [];
        var missing = declared.Where(p => p.IsRequired && !input.ContainsKey(p.Name)).Select(p => p.Name).ToList();
        var unexpected = input.Select(p => p.Key).Where(k => declared.All(p => p.Name != k)).ToList();
        if (missing.Count > 0 || unexpected.Count > 0)
            throw EngineFaults.BadRequest(HttpMethod.Post, Path,
                $"Invalid input [name={workflow.Name}, class=NoneType, missing={Names(missing)}, unexpected={Names(unexpected)}]");
    }

    private static string Names(IEnumerable<string> names) => "[" + string.Join(", ", names.Select(n => $"'{n}'")) + "]";

    private static MistralNotFoundException NotFound(HttpMethod method, string name) =>
        EngineFaults.NotFound(method, $"{Path}/{name}", $"Cron trigger not found [name={name}]");
}
