using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using MistralTemplates.Mistral;
using Microsoft.Data.Sqlite;

namespace MistralTemplates.Engine;

/// <summary>Ad-hoc action definitions in the engine's database, validated and refused as the real server does.</summary>
internal sealed class EngineActionDefinitions(EngineDatabase database, TimeProvider time) : IActionDefinitions
{
    private const string Path = "/v2/actions";
    private readonly RecordTable<ActionDefinition> _table = new(database, "actions");

    public Task<IReadOnlyList<ActionDefinition>> CreateAsync(string definition, string? @namespace = null, CancellationToken cancellationToken = default)
    {
        var ns = @namespace ?? "";
        var path = EngineFaults.Query(Path, ns);
        var actions = ReadOrRefuse(definition, HttpMethod.Post, path);
        return database.InTransactionAsync<IReadOnlyList<ActionDefinition>>(transaction =>
        {
            var created = new List<ActionDefinition>();
            foreach (var action in actions)
                created.Add(Insert(transaction, action, action.Name, ns, path));   // a duplicate rolls back all of them
            return created;
        }, cancellationToken);
    }

    public Task<IReadOnlyList<ActionDefinition>> UpdateAsync(string definition, string? @namespace = null, CancellationToken cancellationToken = default)
    {
        var ns = @namespace ?? "";
        var path = EngineFaults.Query(Path, ns);
        var actions = ReadOrRefuse(definition, HttpMethod.Put, path);
        return database.InTransactionAsync<IReadOnlyList<ActionDefinition>>(transaction =>
        {
            var updated = new List<ActionDefinition>();
            foreach (var action in actions)
            {
                var existing = _table.Find(transaction, ns, action.Name)
                    ?? throw EngineFaults.NotFound(HttpMethod.Put, path, NotFoundReason(action.Name, ns));
                updated.Add(Replace(transaction, existing, action));
            }
            return updated;
        }, cancellationToken);
    }

    public Task<ActionDefinition> GetAsync(string name, string? @namespace = null, CancellationToken cancellationToken = default)
    {
        var ns = @namespace ?? "";
        // Like the server, a name not in the namespace is looked up in the default one.
        return database.InTransactionAsync(transaction =>
            _table.Find(transaction, ns, name) ?? _table.Find(transaction, "", name)
            ?? throw EngineFaults.NotFound(HttpMethod.Get, EngineFaults.Query($"{Path}/{name}", ns), NotFoundReason(name, ns)),
            cancellationToken);
    }

    public IAsyncEnumerable<ActionDefinition> ListAsync(ListQuery? query = null, CancellationToken cancellationToken = default)
    {
        // The server lists the default namespace's actions unless the query names a namespace.
        if (query is null || !query.Filters.Any(f => f.Field == "namespace"))
            query = (query ?? new ListQuery()).Where("namespace", FilterOperator.Eq, "");
        return _table.ListAsync(query, Path, cancellationToken);
    }

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
        var reading = DslTextReader.ReadActions(definition);
        return Task.FromResult(new DefinitionValidation(reading.IsValid, reading.Error));
    }

    /// <summary>Stores a new action record named <paramref name="name"/>; a workbook passes its prefixed name.</summary>
    internal ActionDefinition Insert(SqliteTransaction transaction, ParsedAction action, string name, string ns, string path)
    {
        if (_table.Find(transaction, ns, name) is not null)
            throw EngineFaults.Conflict(HttpMethod.Post, path, $"Duplicate entry for Action ['name', 'namespace', 'project_id']: {name}, {ns}, None");
        var record = new ActionDefinition
        {
            Id = Guid.NewGuid().ToString(), Name = name, Namespace = ns, IsSystem = false, Input = action.Input,
            Description = action.Description, Definition = action.Definition, Tags = action.Tags, Scope = "private",
            CreatedAt = EngineClock.Now(time),
        };
        _table.Insert(transaction, record.Id, ns, name, record);
        return record;
    }

    /// <summary>Creates the action, or replaces the definition of the one of that name (a workbook's create and update).</summary>
    internal ActionDefinition Upsert(SqliteTransaction transaction, ParsedAction action, string name, string ns, string path) =>
        _table.Find(transaction, ns, name) is { } existing ? Replace(transaction, existing, action) : Insert(transaction, action, name, ns, path);

    private ActionDefinition Replace(SqliteTransaction transaction, ActionDefinition existing, ParsedAction action)
    {
        var record = existing with
        {
            Input = action.Input, Description = action.Description, Definition = action.Definition, Tags = action.Tags,
            UpdatedAt = EngineClock.Now(time),
        };
        _table.Replace(transaction, record.Id, record);
        return record;
    }

    private static IReadOnlyList<ParsedAction> ReadOrRefuse(string definition, HttpMethod method, string path)
    {
        var reading = DslTextReader.ReadActions(definition);
        return reading.Value ?? throw EngineFaults.BadRequest(method, path, reading.Error!);
    }

    private static string NotFoundReason(string name, string ns) => $"Action definition not found [action_name={name}, namespace={ns}]";
}
