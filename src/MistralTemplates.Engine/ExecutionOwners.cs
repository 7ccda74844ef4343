using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using MistralTemplates.Mistral.Hosting;

namespace MistralTemplates.Engine;

/// <summary>
/// Which open engine runs each unfinished execution tree. Several processes may open one state folder (`serve`
/// beside a CLI verb), and each runs only the executions it started: an engine that opens resumes an execution only
/// when the engine that ran it is closed or its process is gone, never one that another live process is running.
/// </summary>
internal sealed class ExecutionOwners : IDisposable
{
    private const string Schema = "CREATE TABLE IF NOT EXISTS execution_owners (execution_id TEXT PRIMARY KEY, owner TEXT NOT NULL)";

    // Engines open in this process: a row naming this process is live only while its engine is among them.
    private static readonly ConcurrentDictionary<string, byte> OpenHere = new(StringComparer.Ordinal);

    private readonly EngineDatabase _database;
    private readonly string _instance = Guid.NewGuid().ToString("N");

    public ExecutionOwners(EngineDatabase database, SqliteTransaction transaction)
    {
        _database = database;
        using (var command = database.Command(transaction, Schema)) command.ExecuteNonQuery();
        OpenHere[_instance] = 0;
    }

    /// <summary>Records this engine as the runner of the tree rooted at <paramref name="rootExecutionId"/>.</summary>
    public void Claim(SqliteTransaction transaction, string rootExecutionId)
    {
        var owner = new JsonObject { ["instance"] = _instance };
        HolderProcess.Current.WriteTo(owner);
        using var command = _database.Command(transaction,
            "INSERT INTO execution_owners (execution_id, owner) VALUES ($id, $owner) ON CONFLICT (execution_id) DO UPDATE SET owner = $owner",
            ("$id", rootExecutionId), ("$owner", owner.ToJsonString()));
        command.ExecuteNonQuery();
    }

    /// <summary>Forgets the runner of a tree that has finished.</summary>
    public void Release(SqliteTransaction transaction, string rootExecutionId)
    {
        using var command = _database.Command(transaction, "DELETE FROM execution_owners WHERE execution_id = $id", ("$id", rootExecutionId));
        command.ExecuteNonQuery();
    }

    /// <summary>
    /// True when nothing runs the tree any more: no engine claimed it, or the one that did is closed (in this process)
    /// or its process is certainly gone. When that cannot be told, another process is taken to run it.
    /// </summary>
    public bool IsOrphaned(SqliteTransaction transaction, string rootExecutionId) => IsOrphaned(_database, transaction, rootExecutionId);

    /// <summary>
    /// Whether any of the trees rooted at <paramref name="rootExecutionIds"/> has nothing running it, read without a
    /// change (the table may not exist yet: then nothing claimed them), so an engine that opens takes the write lock
    /// only when it has executions to resume.
    /// </summary>
    public static bool AnyOrphaned(EngineDatabase database, SqliteTransaction transaction, IReadOnlyCollection<string> rootExecutionIds)
    {
        if (rootExecutionIds.Count == 0) return false;
        if (database.ReadStrings(transaction, "SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'execution_owners'").Count == 0)
            return true;
        return rootExecutionIds.Any(root => IsOrphaned(database, transaction, root));
    }

    private static bool IsOrphaned(EngineDatabase database, SqliteTransaction transaction, string rootExecutionId)
    {
        var rows = database.ReadStrings(transaction, "SELECT owner FROM execution_owners WHERE execution_id = $id", ("$id", rootExecutionId));
        if (rows.Count == 0 || JsonNode.Parse(rows[0]) is not JsonObject owner) return true;
        var instance = owner["instance"]?.GetValue<string>() ?? "";
        var process = HolderProcess.ReadFrom(owner);
        if (process is null) return true;
        if (process.IsCurrentProcess()) return !OpenHere.ContainsKey(instance);
        return process.IsGoneFromThisHost();
    }

    public void Dispose() => OpenHere.TryRemove(_instance, out _);
}
