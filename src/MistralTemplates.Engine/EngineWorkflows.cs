using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using MistralTemplates.Mistral;

namespace MistralTemplates.Engine;

/// <summary>Workflow definitions in the engine's database, validated as the real server validates them.</summary>
internal sealed class EngineWorkflows(EngineDatabase database, TimeProvider time) : IWorkflowDefinitions
{
    private const string Path = "/v2/workflows";
    private readonly RecordTable<WorkflowDefinition> _table = new(database, "workflows");
    private readonly RecordTable<CronTrigger> _triggers = new(database, "cron_triggers");

    public Task<IReadOnlyList<WorkflowDefinition>> CreateAsync(string definition, string? @namespace = null, CancellationToken cancellationToken = default)
    {
        var ns = @namespace ?? "";
        var path = EngineFaults.Query(Path, ns);
        var workflows = ReadOrRefuse(definition, HttpMethod.Post, path);
        return database.InTransactionAsync<IReadOnlyList<WorkflowDefinition>>(transaction =>
        {
            var now = EngineClock.Now(time);
            var created = new List<WorkflowDefinition>();
            foreach (var workflow in workflows)
            {
                // Nothing is kept when one of them exists: the transaction rolls back with the exception.
                if (_table.Find(transaction, ns, workflow.Name) is not null)
                    throw EngineFaults.Conflict(HttpMethod.Post, path,
                        $"Duplicate entry for WorkflowDefinition ['name', 'namespace', 'project_id']: {workflow.Name}, {ns}, <default-project>");
                var record = new WorkflowDefinition
                {
                    Id = Guid.NewGuid().ToString(), Name = workflow.Name, Namespace = ns, Definition = workflow.Definition,
                    Input = workflow.Input, Interface = workflow.Interface, Tags = workflow.Tags, Scope = "private",
                    ProjectId = "<default-project>", CreatedAt = now,
                };
                _table.Insert(transaction, record.Id, ns, record.Name, record);
                created.Add(record);
            }
            return created;
        }, cancellationToken);
    }

    public Task<IReadOnlyList<WorkflowDefinition>> UpdateAsync(string definition, string? @namespace = null, CancellationToken cancellationToken = default)
    {
        var ns = @namespace ?? "";
        var path = EngineFaults.Query(Path, ns);
        var workflows = ReadOrRefuse(definition, HttpMethod.Put, path);
        return database.InTransactionAsync<IReadOnlyList<WorkflowDefinition>>(transaction =>
        {
            var now = EngineClock.Now(time);
            var updated = new List<WorkflowDefinition>();
            foreach (var workflow in workflows)
            {
                var existing = _table.Find(transaction, ns, workflow.Name)
                    ?? throw EngineFaults.NotFound(HttpMethod.Put, path, NotFoundReason(workflow.Name, ns));
                var record = existing with
                {
                    Definition = workflow.Definition, Input = workflow.Input, Interface = workflow.Interface,
                    Tags = workflow.Tags, UpdatedAt = now,
                };
                _table.Replace(transaction, record.Id, record);
                updated.Add(record);
            }
            return updated;
        }, cancellationToken);
    }

    public Task<WorkflowDefinition> GetAsync(string name, string? @namespace = null, CancellationToken cancellationToken = default)
    {
        var ns = @namespace ?? "";
        return database.ReadAsync(transaction =>
            _table.Find(transaction, ns, name)
            ?? throw EngineFaults.NotFound(HttpMethod.Get, EngineFaults.Query($"{Path}/{name}", ns), NotFoundReason(name, ns)),
            cancellationToken);
    }

    public IAsyncEnumerable<WorkflowDefinition> ListAsync(ListQuery? query = null, CancellationToken cancellationToken = default) =>
        _table.ListAsync(query, Path, cancellationToken);

    public Task DeleteAsync(string name, string? @namespace = null, CancellationToken cancellationToken = default)
    {
        var ns = @namespace ?? "";
        var path = EngineFaults.Query($"{Path}/{name}", ns);
        return database.InTransactionAsync(transaction =>
        {
            var existing = _table.Find(transaction, ns, name)
                ?? throw EngineFaults.NotFound(HttpMethod.Delete, path, NotFoundReason(name, ns));
            var triggers = _triggers.NamesWhere(transaction, "$.workflow_id", existing.Id);
            if (triggers.Count > 0)
                throw EngineFaults.BadRequest(HttpMethod.Delete, path,
                    $"Can't delete workflow that has triggers associated. [workflow_identifier={name}], [cron_trigger_name(s)={string.Join(", ", triggers)}]");
            return _table.Delete(transaction, ns, name);
        }, cancellationToken);
    }

    public Task<DefinitionValidation> ValidateAsync(string definition, CancellationToken cancellationToken = default)
    {
        var reading = WorkflowDefinitionReader.Read(definition);
        return Task.FromResult(new DefinitionValidation(reading.IsValid, reading.Error));
    }

    private static IReadOnlyList<ParsedWorkflow> ReadOrRefuse(string definition, HttpMethod method, string path)
    {
        var reading = WorkflowDefinitionReader.Read(definition);
        return reading.Error is null ? reading.Workflows : throw EngineFaults.BadRequest(method, path, reading.Error);
    }

    private static string NotFoundReason(string name, string ns) =>
        $"Workflow not found [workflow_identifier={name}, namespace={ns}]";
}
