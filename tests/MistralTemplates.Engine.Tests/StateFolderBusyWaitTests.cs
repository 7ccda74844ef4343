using System;
using System.Diagnostics;
using System.IO;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using MistralTemplates.Mistral;
using Microsoft.Data.Sqlite;
using Xunit;

namespace MistralTemplates.Engine.Tests;

/// <summary>
/// How a writer waits for the state folder's write lock held by other connections: through any number of other
/// writers' commits, and only as long as the busy timeout when one holder keeps the lock without committing.
/// </summary>
public sealed class StateFolderBusyWaitTests : IDisposable
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(1);
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "mt-busy-" + Guid.NewGuid().ToString("N")[..8]);

    [Fact]
    public async Task A_writer_waits_through_other_writers_short_transactions_lasting_longer_than_the_bound()
    {
        using var engine = EmbeddedWorkflowService.Open(_folder, new EngineOptions { StateBusyTimeout = Bound });
        using var other = OtherConnection();
        using var stop = new CancellationTokenSource();
        var commits = 0;
        using var othersStarted = new ManualResetEventSlim();
        // Another writer that takes the lock again as soon as it has committed, for four bounds in all: the engine's
        // writer seldom or never gets a turn, but the folder is making progress all the time.
        using (var table = other.CreateCommand())
        {
            table.CommandText = "CREATE TABLE other_writes (at TEXT)";
            table.ExecuteNonQuery();
        }
        var busyWriter = Task.Run(() =>
        {
            var until = Stopwatch.StartNew();
            while (until.Elapsed < Bound * 4)
            {
                using var transaction = other.BeginTransaction(deferred: false);
                othersStarted.Set();
                using (var command = other.CreateCommand())
                {
                    command.Transaction = transaction;
                    command.CommandText = "INSERT INTO other_writes VALUES (datetime())";
                    command.ExecuteNonQuery();
                }
                Thread.Sleep(50);
                transaction.Commit();
                commits++;
            }
        });
        othersStarted.Wait();

        var waited = Stopwatch.StartNew();
        var created = await engine.Environments.CreateAsync(new EnvironmentRequest("env", new JsonObject()));
        waited.Stop();
        await busyWriter;

        Assert.Equal("env", created.Name);
        Assert.True(commits > 20, $"the other writer committed only {commits} times");
        Assert.True(waited.Elapsed > Bound, $"the writer got the lock after {waited.Elapsed} without waiting out the other");
    }

    [Fact]
    public async Task A_writer_facing_one_transaction_held_past_the_bound_fails_in_about_the_bound()
    {
        using var engine = EmbeddedWorkflowService.Open(_folder, new EngineOptions { StateBusyTimeout = Bound });
        using var other = OtherConnection();
        using var holding = other.BeginTransaction(deferred: false);

        var waited = Stopwatch.StartNew();
        var busy = await Assert.ThrowsAsync<StateFolderBusyException>(() =>
            engine.Environments.CreateAsync(new EnvironmentRequest("env", new JsonObject())));
        waited.Stop();

        Assert.Equal(Bound, busy.Waited);
        Assert.Contains("is in use by another process", busy.Message);
        Assert.True(waited.Elapsed >= Bound * 0.9, $"gave up after {waited.Elapsed}, before the bound");
        // Well short of the cap for a folder whose writers make progress (ten bounds).
        Assert.True(waited.Elapsed < Bound * 5, $"gave up only after {waited.Elapsed}");
    }

    private SqliteConnection OtherConnection()
    {
        var connection = new SqliteConnection($"Data Source={Path.Combine(_folder, "engine.db")};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA busy_timeout=10000";
        command.ExecuteNonQuery();
        return connection;
    }

    public void Dispose()
    {
        if (Directory.Exists(_folder)) Directory.Delete(_folder, recursive: true);
    }
}
