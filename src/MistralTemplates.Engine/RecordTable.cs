using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Data.Sqlite;
using MistralTemplates.Mistral;

namespace MistralTemplates.Engine;

/// <summary>
/// One table of records keyed by (namespace, name) with a unique id, stored as the client's JSON, so that what the
/// engine hands back is exactly what the REST client would have read.
/// </summary>
internal sealed class RecordTable<T>(EngineDatabase database, string table) where T : class
{
    public T? Find(SqliteTransaction transaction, string @namespace, string name) =>
        database.ReadStrings(transaction, $"SELECT body FROM {table} WHERE namespace = $ns AND name = $name",
            ("$ns", @namespace), ("$name", name)).Select(Deserialize).SingleOrDefault();

    public T? FindById(SqliteTransaction transaction, string id) =>
        database.ReadStrings(transaction, $"SELECT body FROM {table} WHERE id = $id", ("$id", id))
            .Select(Deserialize).SingleOrDefault();

    /// <summary>Every row's JSON body as stored, in the order written (for lists that filter before reading records).</summary>
    /// <summary>
    /// What a list call of the service yields: the query's filters and sort applied to the stored JSON, only the rows
    /// kept becoming records. <paramref name="path"/> is the list's REST path, for the server's errors.
    /// </summary>
    public async IAsyncEnumerable<T> ListAsync(ListQuery? query, string path, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var stored = await database.ReadAsync(AllStored, cancellationToken).ConfigureAwait(false);
        foreach (var record in ListQueryEvaluator.ApplyToStored<T>(stored, query, path))
            yield return record;
    }

    public List<string> AllStored(SqliteTransaction transaction) =>
        database.ReadStrings(transaction, $"SELECT body FROM {table} ORDER BY rowid");

    public List<T> All(SqliteTransaction transaction) =>
        database.ReadStrings(transaction, $"SELECT body FROM {table} ORDER BY rowid").Select(Deserialize).ToList();

    /// <summary>Ids of the rows whose JSON body has <paramref name="value"/> at <paramref name="jsonPath"/>.</summary>
    public List<string> NamesWhere(SqliteTransaction transaction, string jsonPath, string value) =>
        database.ReadStrings(transaction, $"SELECT name FROM {table} WHERE json_extract(body, $path) = $value ORDER BY name",
            ("$path", jsonPath), ("$value", value));

    public void Insert(SqliteTransaction transaction, string id, string @namespace, string name, T record) =>
        database.Execute(transaction, $"INSERT INTO {table} (id, namespace, name, body) VALUES ($id, $ns, $name, $body)",
            ("$id", id), ("$ns", @namespace), ("$name", name), ("$body", Serialize(record)));

    public void Replace(SqliteTransaction transaction, string id, T record) =>
        database.Execute(transaction, $"UPDATE {table} SET body = $body WHERE id = $id", ("$id", id), ("$body", Serialize(record)));

    /// <summary>Inserts the row, or replaces the body of the row with this id (its key columns stay), in one statement.</summary>
    public void Save(SqliteTransaction transaction, string id, string @namespace, string name, T record) =>
        database.Execute(transaction,
            $"INSERT INTO {table} (id, namespace, name, body) VALUES ($id, $ns, $name, $body) ON CONFLICT (id) DO UPDATE SET body = excluded.body",
            ("$id", id), ("$ns", @namespace), ("$name", name), ("$body", Serialize(record)));

    public bool Delete(SqliteTransaction transaction, string @namespace, string name) =>
        database.Execute(transaction, $"DELETE FROM {table} WHERE namespace = $ns AND name = $name", ("$ns", @namespace), ("$name", name)) > 0;

    public bool DeleteById(SqliteTransaction transaction, string id) =>
        database.Execute(transaction, $"DELETE FROM {table} WHERE id = $id", ("$id", id)) > 0;

    /// <summary>The rows whose namespace column is <paramref name="namespace"/>, in the order they were written.</summary>
    public List<T> InNamespace(SqliteTransaction transaction, string @namespace) =>
        database.ReadStrings(transaction, $"SELECT body FROM {table} WHERE namespace = $ns ORDER BY rowid", ("$ns", @namespace))
            .Select(Deserialize).ToList();

    public int DeleteNamespace(SqliteTransaction transaction, string @namespace) =>
        database.Execute(transaction, $"DELETE FROM {table} WHERE namespace = $ns", ("$ns", @namespace));

    public static string Serialize(T record) => JsonSerializer.Serialize(record);

    private static T Deserialize(string body) =>
        JsonSerializer.Deserialize<T>(body) ?? throw new JsonException($"A stored {typeof(T).Name} is empty.");

    public static T Deserialize(System.Text.Json.Nodes.JsonObject body) =>
        body.Deserialize<T>() ?? throw new JsonException($"A stored {typeof(T).Name} is empty.");
}
