using System;
using System.Collections.Generic;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Data.Sqlite;

namespace MistralTemplates.Engine;

/// <summary>
/// The engine's SQLite file (<c>engine.db</c> in the state folder). One connection, one operation at a time: the
/// engine is embedded in one process, and serialising keeps every multi-row change atomic without retry loops.
/// </summary>
internal sealed class EngineDatabase : IDisposable
{
    public const string FileName = "engine.db";

    // Each kind of record is a row with its key columns and the whole record as JSON.
    private const string Schema = """
        CREATE TABLE IF NOT EXISTS workflows (
            id TEXT PRIMARY KEY, namespace TEXT NOT NULL, name TEXT NOT NULL, body TEXT NOT NULL CHECK (json_valid(body)),
            UNIQUE (namespace, name));
        CREATE TABLE IF NOT EXISTS environments (
            id TEXT PRIMARY KEY, namespace TEXT NOT NULL, name TEXT NOT NULL, body TEXT NOT NULL CHECK (json_valid(body)),
            UNIQUE (namespace, name));
        CREATE TABLE IF NOT EXISTS cron_triggers (
            id TEXT PRIMARY KEY, namespace TEXT NOT NULL, name TEXT NOT NULL, body TEXT NOT NULL CHECK (json_valid(body)),
            UNIQUE (namespace, name));
        CREATE TABLE IF NOT EXISTS executions (
            id TEXT PRIMARY KEY, namespace TEXT NOT NULL, name TEXT NOT NULL, body TEXT NOT NULL CHECK (json_valid(body)));
        CREATE TABLE IF NOT EXISTS task_executions (
            id TEXT PRIMARY KEY, namespace TEXT NOT NULL, name TEXT NOT NULL, body TEXT NOT NULL CHECK (json_valid(body)));
        CREATE INDEX IF NOT EXISTS task_executions_by_execution ON task_executions (namespace);
        CREATE TABLE IF NOT EXISTS action_executions (
            id TEXT PRIMARY KEY, namespace TEXT NOT NULL, name TEXT NOT NULL, body TEXT NOT NULL CHECK (json_valid(body)));
        CREATE INDEX IF NOT EXISTS action_executions_by_task ON action_executions (namespace);
        CREATE TABLE IF NOT EXISTS run_states (
            id TEXT PRIMARY KEY, namespace TEXT NOT NULL, name TEXT NOT NULL, body TEXT NOT NULL CHECK (json_valid(body)));
        CREATE TABLE IF NOT EXISTS actions (
            id TEXT PRIMARY KEY, namespace TEXT NOT NULL, name TEXT NOT NULL, body TEXT NOT NULL CHECK (json_valid(body)),
            UNIQUE (namespace, name));
        CREATE TABLE IF NOT EXISTS workbooks (
            id TEXT PRIMARY KEY, namespace TEXT NOT NULL, name TEXT NOT NULL, body TEXT NOT NULL CHECK (json_valid(body)),
            UNIQUE (namespace, name));
        """;

    private readonly SqliteConnection _connection;
    private readonly SemaphoreSlim _gate = new(1, 1);

    private EngineDatabase(SqliteConnection connection) => _connection = connection;

    public string Path => _connection.DataSource;

    /// <summary>Opens (creating when needed) the database in <paramref name="folder"/>.</summary>
    public static EngineDatabase Open(string folder)
    {
        Directory.CreateDirectory(folder);
        var builder = new SqliteConnectionStringBuilder
        {
            DataSource = System.IO.Path.Combine(folder, FileName),
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = false,
        };
        var connection = new SqliteConnection(builder.ToString());
        connection.Open();
        using (var command = connection.CreateCommand())
        {
            // WAL survives a killed process without a torn file; the schema is idempotent.
            // Another process (a CLI verb beside `serve`) may hold the write lock for a moment: wait, do not fail.
            command.CommandText = "PRAGMA busy_timeout=10000; PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;" + Schema;
            command.ExecuteNonQuery();
        }
        return new EngineDatabase(connection);
    }

    /// <summary>Runs <paramref name="work"/> alone, inside one transaction that commits only when it returns.</summary>
    public async Task<T> InTransactionAsync<T>(Func<SqliteTransaction, T> work, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            using var transaction = _connection.BeginTransaction();
            var result = work(transaction);
            transaction.Commit();
            return result;
        }
        finally
        {
            _gate.Release();
        }
    }

    public SqliteCommand Command(SqliteTransaction transaction, string sql, params (string Name, object? Value)[] parameters)
    {
        var command = _connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        return command;
    }

    /// <summary>The first column of every row the query returns.</summary>
    public List<string> ReadStrings(SqliteTransaction transaction, string sql, params (string Name, object? Value)[] parameters)
    {
        using var command = Command(transaction, sql, parameters);
        using var reader = command.ExecuteReader();
        var values = new List<string>();
        while (reader.Read()) values.Add(reader.GetString(0));
        return values;
    }

    public void Dispose()
    {
        _connection.Dispose();
        _gate.Dispose();
    }
}
