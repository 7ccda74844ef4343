using System;
using System.Collections.Generic;
using System.IO;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using MistralTemplates.Engine.Actions;
using MistralTemplates.Engine.Running;
using MistralTemplates.Mistral;

namespace MistralTemplates.Engine.Tests.Actions;

/// <summary>An action catalog over a database of its own, deleted afterwards.</summary>
internal sealed class TempCatalog : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "mt-actions-" + Guid.NewGuid().ToString("N")[..8]);

    public TempCatalog(EngineOptions? options = null)
    {
        Database = EngineDatabase.Open(_folder);
        Catalog = new EngineActionCatalog(Database, options ?? new EngineOptions(), TimeProvider.System);
    }

    public EngineDatabase Database { get; }

    public EngineActionCatalog Catalog { get; }

    public static ActionContext Context(string @namespace = "") =>
        new("action-1", "task-1", "execution-1", "wf_name", @namespace);

    public Task<ActionOutcome> RunAsync(string name, string inputJson, string @namespace = "", CancellationToken cancellationToken = default) =>
        Catalog.RunAsync(name, Input(inputJson), Context(@namespace), cancellationToken);

    /// <summary>Looks <paramref name="name"/> up as a caller outside any transaction does.</summary>
    public Task<bool> ExistsAsync(string name, string @namespace = "") => Catalog.ExistsAsync(name, @namespace, CancellationToken.None);

    /// <summary>
    /// Looks <paramref name="name"/> up as a step does, inside a transaction of the database it reads; on a thread of
    /// its own, since the first caller writes the transaction itself and a lookup waiting on itself would block it.
    /// </summary>
    public Task<bool> ExistsInTransactionAsync(string name, string @namespace = "") =>
        Task.Run(() => Database.InTransactionAsync(transaction => Catalog.Exists(name, @namespace, transaction), CancellationToken.None));

    public static IReadOnlyDictionary<string, object?> Input(string json) =>
        (Dictionary<string, object?>)ExpressionValues.FromJson(JsonNode.Parse(json))!;

    /// <summary>Stores an ad-hoc action row as the definitions service would.</summary>
    public Task AddAdHocAsync(string name, string definition, string @namespace = "") =>
        Database.InTransactionAsync(transaction =>
        {
            var id = Guid.NewGuid().ToString();
            new RecordTable<ActionDefinition>(Database, "actions").Insert(transaction, id, @namespace, name,
                new ActionDefinition { Id = id, Name = name, Namespace = @namespace, Definition = definition, IsSystem = false });
            return true;
        }, CancellationToken.None);

    public void Dispose()
    {
        Catalog.Dispose();
        Database.Dispose();
        Directory.Delete(_folder, recursive: true);
    }
}
