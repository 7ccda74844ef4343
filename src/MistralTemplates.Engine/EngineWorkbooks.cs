using System;
using System.Collections.Generic;
using System.Net.Http;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using MistralTemplates.Mistral;
using Microsoft.Data.Sqlite;

namespace MistralTemplates.Engine;

/// <summary>
/// Workbooks in the engine's database. As on the server, a workbook's workflows and actions become records of their
/// own named <c>book.name</c> (created, or replaced when they exist), in the same transaction as the workbook, and
/// deleting a workbook leaves them in place.
/// </summary>
internal sealed class EngineWorkbooks(EngineDatabase database, TimeProvider time, EngineActionDefinitions actions) : IWorkbooks
{
    private const string Path = "/v2/workbooks";
    private readonly RecordTable<Workbook> _table = new(database, "workbooks");
    private readonly RecordTable<WorkflowDefinition> _workflows = new(database, "workflows");

    public Task<Workbook> CreateAsync(string definition, string? @namespace = null, CancellationToken cancellationToken = default)
    {
        var ns = @namespace ?? "";
        var path = EngineFaults.Query(Path, ns);
        var book = ReadOrRefuse(definition, HttpMethod.Post, path);
        return database.InTransactionAsync(transaction =>
        {
            if (_table.Find(transaction, ns, book.Name) is not null)
                throw EngineFaults.Conflict(HttpMethod.Post, path,
                    $"Duplicate entry for WorkbookDefinition ['name', 'namespace', 'project_id']: {book.Name}, {ns}, None");
            var record = new Workbook
            {
                Id = Guid.NewGuid().ToString(), Name = book.Name, Namespace = ns, Definition = definition, Tags = book.Tags,
                Scope = "private", CreatedAt = EngineClock.Now(time),
            };
            _table.Insert(transaction, record.Id, ns, record.Name, record);
            StoreContents(transaction, book, ns, path);
            return record;
        }, cancellationToken);
    }

    public Task<Workbook> UpdateAsync(string definition, string? @namespace = null, CancellationToken cancellationToken = default)
    {
        var ns = @namespace ?? "";
        var path = EngineFaults.Query(Path, ns);
        var book = ReadOrRefuse(definition, HttpMethod.Put, path);
        return database.InTransactionAsync(transaction =>
        {
            var existing = _table.Find(transaction, ns, book.Name)
                ?? throw EngineFaults.NotFound(HttpMethod.Put, path, $"Workbook not found [name={book.Name}, namespace={ns}]");
            var record = existing with { Definition = definition, Tags = book.Tags, UpdatedAt = EngineClock.Now(time) };
            _table.Replace(transaction, record.Id, record);
            StoreContents(transaction, book, ns, path);
            return record;
        }, cancellationToken);
    }

    public Task<Workbook> GetAsync(string name, string? @namespace = null, CancellationToken cancellationToken = default)
    {
        var ns = @namespace ?? "";
        return database.InTransactionAsync(transaction =>
            _table.Find(transaction, ns, name)
            ?? throw EngineFaults.NotFound(HttpMethod.Get, EngineFaults.Query($"{Path}/{name}", ns), NotFoundReason(name, ns)),
            cancellationToken);
    }

    public IAsyncEnumerable<Workbook> ListAsync(ListQuery? query = null, CancellationToken cancellationToken = default) =>
        _table.ListAsync(query, Path, cancellationToken);

    public Task DeleteAsync(string name, string? @namespace = null, CancellationToken cancellationToken = default)
    {
        var ns = @namespace ?? "";
        var path = EngineFaults.Query($"{Path}/{name}", ns);
        return database.InTransactionAsync(transaction =>
            _table.Delete(transaction, ns, name) ? true : throw EngineFaults.NotFound(HttpMethod.Delete, path, NotFoundReason(name, ns)),
            cancellationToken);
    }

    public Task<DefinitionValidation> ValidateAsync(string definition, CancellationToken cancellationToken = default)
    {
        var reading = DslTextReader.ReadWorkbook(definition);
        return Task.FromResult(new DefinitionValidation(reading.IsValid, reading.Error));
    }

    private void StoreContents(SqliteTransaction transaction, ParsedWorkbook book, string ns, string path)
    {
        foreach (var action in book.Actions)
            actions.Upsert(transaction, action, $"{book.Name}.{action.Name}", ns, path);
        foreach (var workflow in book.Workflows)
            UpsertWorkflow(transaction, workflow, $"{book.Name}.{workflow.Name}", ns);
    }

    private void UpsertWorkflow(SqliteTransaction transaction, ParsedWorkflow workflow, string name, string ns)
    {
        var now = EngineClock.Now(time);
        if (_workflows.Find(transaction, ns, name) is { } existing)
        {
            _workflows.Replace(transaction, existing.Id, existing with
            {
                Definition = workflow.Definition, Input = workflow.Input, Interface = workflow.Interface, Tags = workflow.Tags, UpdatedAt = now,
            });
            return;
        }
        var record = new WorkflowDefinition
        {
            Id = Guid.NewGuid().ToString(), Name = name, Namespace = ns, Definition = workflow.Definition, Input = workflow.Input,
            Interface = workflow.Interface, Tags = workflow.Tags, Scope = "private", ProjectId = "<default-project>", CreatedAt = now,
        };
        _workflows.Insert(transaction, record.Id, ns, name, record);
    }

    private static ParsedWorkbook ReadOrRefuse(string definition, HttpMethod method, string path)
    {
        var reading = DslTextReader.ReadWorkbook(definition);
        return reading.Value ?? throw EngineFaults.BadRequest(method, path, reading.Error!);
    }

    private static string NotFoundReason(string name, string ns) => $"Workbook not found [workbook_name={name}, namespace={ns}]";
}
