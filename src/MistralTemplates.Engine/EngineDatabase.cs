using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Data.Sqlite;

namespace MistralTemplates.Engine;

/// <summary>
/// The engine's SQLite file (<c>engine.db</c> in the state folder). One connection, one writer at a time: the
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
    private readonly List<IQueuedWork> _queue = new();
    private bool _writing;
    // Statements prepared once and reused: the gate means one user at a time, and SQLite skips re-parsing them.
    private readonly Dictionary<string, SqliteCommand> _prepared = new(StringComparer.Ordinal);

    private readonly string _folder;
    private readonly TimeSpan _busyTimeout;
    // Reads go through a second connection in deferred (snapshot) transactions: under WAL they never take the write
    // lock, so lists and gets neither wait for nor hold back writers in this or other processes.
    private readonly object _readGate = new();
    private SqliteConnection? _readConnection;
    private bool _disposed;   // guarded by _readGate
    private readonly Dictionary<string, SqliteCommand> _readPrepared = new(StringComparer.Ordinal);

    private EngineDatabase(SqliteConnection connection, string folder, TimeSpan busyTimeout, bool isReadOnly)
    {
        _connection = connection;
        _folder = folder;
        _busyTimeout = busyTimeout;
        IsReadOnly = isReadOnly;
    }

    /// <summary>How long a writer waits for another process's write lock when no other bound is given.</summary>
    public static readonly TimeSpan DefaultBusyTimeout = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How many busy timeouts a writer waits at most in all while other writers keep committing: the folder is making
    /// progress, but this process could not get a turn.
    /// </summary>
    public const int BusyTimeoutsWhileOthersCommit = 10;

    // One try at the write lock: SQLite's busy handler waits up to this long (the bound, when shorter), then
    // BeginWriting looks for other writers' progress before it tries again. The provider's own retry counts whole seconds.
    private static readonly TimeSpan WriteAttempt = TimeSpan.FromSeconds(1);

    public string Path { get; private init; } = "";

    /// <summary>
    /// Whether this user can only read the database (see <see cref="StateFolderPermissions.IsReadOnlyForThisUser"/>):
    /// it was opened read-only, and every change fails with <see cref="StateFolderReadOnlyException"/>.
    /// </summary>
    public bool IsReadOnly { get; }

    /// <summary>
    /// Opens (creating when needed) the database in <paramref name="folder"/>, a folder git ignores (see <see cref="StateFolderGitIgnore"/>).
    /// A database this user cannot write is opened read-only, and nothing is written into its folder.
    /// </summary>
    /// <exception cref="StateFolderBusyException">Another process held the write lock longer than <paramref name="busyTimeout"/>.</exception>
    public static EngineDatabase Open(string folder, TimeSpan? busyTimeout = null)
    {
        var timeout = busyTimeout ?? DefaultBusyTimeout;
        var timeoutMilliseconds = (int)Math.Clamp(timeout.TotalMilliseconds, 0, int.MaxValue);
        var path = System.IO.Path.Combine(folder, FileName);
        var readOnly = Directory.Exists(folder) && StateFolderPermissions.IsReadOnlyForThisUser(folder, path);
        if (!readOnly)
        {
            StateFolderPermissions.EnsureFolder(folder);
            StateFolderGitIgnore.Ensure(folder);
        }
        var builder = new SqliteConnectionStringBuilder
        {
            DataSource = readOnly ? ReadOnlyDataSource(folder, path) : path,
            Mode = readOnly ? SqliteOpenMode.ReadOnly : SqliteOpenMode.ReadWriteCreate,
            Pooling = false,
            // The provider retries a busy statement on its own up to this bound: keep it the same as SQLite's wait.
            DefaultTimeout = Math.Max(1, (int)Math.Ceiling(timeout.TotalSeconds)),
        };
        var existed = CheckExistingFile(path);
        var connection = new SqliteConnection(builder.ToString());
        try
        {
            connection.Open();
            if (existed) CheckEngineTables(connection, path);
            using var command = connection.CreateCommand();
            if (readOnly)
            {
                command.CommandText = $"PRAGMA busy_timeout={timeoutMilliseconds};";
            }
            else
            {
                // Before WAL mode makes its files: SQLite gives them the database file's mode.
                StateFolderPermissions.RestrictDatabaseFiles(path);
                // WAL survives a killed process without a torn file, and readers never wait on a writer; the schema
                // is idempotent and, once made, takes no write lock. Other processes (CLI verbs, `serve`) may hold
                // the write lock: wait, within a bound.
                command.CommandText = $"PRAGMA busy_timeout={timeoutMilliseconds}; PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;" + Schema;
            }
            command.ExecuteNonQuery();
            if (!readOnly)
            {
                // From here on a writer waits in short attempts, watching for progress between them (BeginWriting).
                command.CommandText = $"PRAGMA busy_timeout={(int)Math.Min(timeoutMilliseconds, WriteAttempt.TotalMilliseconds)};";
                command.ExecuteNonQuery();
                connection.DefaultTimeout = (int)WriteAttempt.TotalSeconds;
            }
        }
        catch (SqliteException e) when (IsBusy(e))
        {
            connection.Dispose();
            throw BusyException(folder, path, timeout, e);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
        return new EngineDatabase(connection, folder, timeout, readOnly) { Path = path };
    }

    /// <summary>
    /// How to open a database this user cannot write. SQLite reads a WAL database read-only through its shared-memory
    /// file; when that is missing (no process has the database open) and the folder is not writable, it cannot be
    /// made, and the database is read as immutable: no process is writing it then.
    /// </summary>
    private static string ReadOnlyDataSource(string folder, string path)
    {
        if (File.Exists(path + "-shm") || StateFolderPermissions.CanWrite(folder)) return path;
        return new Uri(path).AbsoluteUri + "?immutable=1";
    }

    private static StateFolderBusyException BusyException(string folder, string path, TimeSpan waited, SqliteException e) =>
        StateFolderLockHolder.FindWriter(path) is { } holder
            ? new StateFolderBusyException(folder, waited, holder.ProcessId, holder.CommandLine, e)
            : new StateFolderBusyException(folder, waited, e);

    private const string SqliteHeader = "SQLite format 3\0";

    /// <summary>
    /// Whether <paramref name="path"/> already holds a database, refusing a file SQLite would otherwise take for a new,
    /// empty one (0 bytes: a truncated copy) or one that is no SQLite file at all: reading either as empty would lose
    /// every stack without a word.
    /// </summary>
    private static bool CheckExistingFile(string path)
    {
        var file = new FileInfo(path);
        if (!file.Exists) return false;
        // Another process may have just made the file and not yet written its first page: give it a moment.
        for (var wait = 0; file.Length == 0 && wait < 20 && DateTime.UtcNow - file.LastWriteTimeUtc < TimeSpan.FromSeconds(10); wait++)
        {
            Thread.Sleep(100);
            file.Refresh();
        }
        if (file.Length == 0)
            throw new EngineDatabaseException(path,
                $"The engine's database '{path}' is empty (0 bytes): it was truncated, so its stacks and executions are gone. " +
                "Restore it from a copy, or delete it to start with no state.");
        var header = new byte[SqliteHeader.Length];
        int read;
        using (var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete))
            read = stream.ReadAtLeast(header, header.Length, throwOnEndOfStream: false);
        if (read < header.Length || System.Text.Encoding.ASCII.GetString(header) != SqliteHeader)
            throw new EngineDatabaseException(path,
                $"'{path}' is not an SQLite database, so it cannot be the engine's state. Restore the engine's file, or move this one away.");
        return true;
    }

    /// <summary>Refuses an SQLite file of something else: one without the engine's tables.</summary>
    private static void CheckEngineTables(SqliteConnection connection, string path)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name IN ('workflows', 'environments', 'executions')";
        long found;
        try
        {
            found = (long)command.ExecuteScalar()!;
        }
        catch (SqliteException e) when (!IsBusy(e))
        {
            // A busy database is another process at work, not damage: Open reports it as such.
            throw new EngineDatabaseException(path, $"The engine's database '{path}' cannot be read: {e.Message}", e);
        }
        if (found == 3) return;
        throw new EngineDatabaseException(path,
            $"'{path}' is an SQLite database of something else: it lacks the engine's tables. Point the state folder " +
            "elsewhere, or move this file away.");
    }

    /// <summary>
    /// Runs <paramref name="work"/>, which only reads, at once on the caller's thread in a read transaction of its
    /// own: a snapshot of what was committed, taken without the write lock. Changes made inside it are refused by SQLite.
    /// </summary>
    public Task<T> ReadAsync<T>(Func<SqliteTransaction, T> work, CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested) return Task.FromCanceled<T>(cancellationToken);
        lock (_readGate)
        {
            // A run still finishing after the engine closed must not open a connection nobody would close.
            if (_disposed) return Task.FromException<T>(new ObjectDisposedException(nameof(EngineDatabase)));
            try
            {
                if (_readConnection is null)
                {
                    var connection = new SqliteConnection(_connection.ConnectionString);
                    connection.Open();
                    using var setup = connection.CreateCommand();
                    setup.CommandText = $"PRAGMA busy_timeout={(int)Math.Clamp(_busyTimeout.TotalMilliseconds, 0, int.MaxValue)}; PRAGMA query_only=ON;";
                    setup.ExecuteNonQuery();
                    _readConnection = connection;
                }
                using var transaction = _readConnection.BeginTransaction(deferred: true);
                var result = work(transaction);
                transaction.Commit();
                return Task.FromResult(result);
            }
            catch (Exception failure)
            {
                return Task.FromException<T>(Explained(failure));
            }
        }
    }

    /// <summary>SQLITE_BUSY or SQLITE_LOCKED: another connection holds the lock this one needs.</summary>
    private static bool IsBusy(SqliteException e) => e.SqliteErrorCode is 5 or 6;

    /// <summary>A busy failure as the exception that names the folder and the bound waited; any other as it is.</summary>
    private Exception Explained(Exception failure) =>
        failure is SqliteException sqlite && IsBusy(sqlite) ? BusyException(_folder, Path, _busyTimeout, sqlite) : failure;

    /// <summary>
    /// Runs <paramref name="work"/> alone, inside a transaction that commits only when it returns; the task ends once
    /// the commit has. Works queued while another batch commits run together in one transaction (group commit), each
    /// inside its own savepoint, so a work that throws undoes only its own changes.
    /// </summary>
    public Task<T> InTransactionAsync<T>(Func<SqliteTransaction, T> work, CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested) return Task.FromCanceled<T>(cancellationToken);
        if (IsReadOnly) return Task.FromException<T>(new StateFolderReadOnlyException(_folder));
        var queued = new QueuedWork<T>(work, cancellationToken);
        lock (_queue)
        {
            _queue.Add(queued);
            if (_writing) return queued.Task;
            _writing = true;
        }
        // The first caller writes its own batch at once; batches queued meanwhile go on in the background.
        WriteBatches(untilEmpty: false);
        return queued.Task;
    }

    /// <summary>
    /// Runs <paramref name="work"/> at once on the caller's thread, in a transaction of its own. For the engine's
    /// opening only, before any other user holds the database: there nothing can be ahead in the queue, so the
    /// caller never waits on queued work (a blocking wait there could end up waiting on itself).
    /// </summary>
    /// <exception cref="InvalidOperationException">Another transaction is running or queued.</exception>
    /// <exception cref="StateFolderReadOnlyException">The database was opened read-only.</exception>
    public T InOpeningTransaction<T>(Func<SqliteTransaction, T> work)
    {
        if (IsReadOnly) throw new StateFolderReadOnlyException(_folder);
        lock (_queue)
        {
            if (_writing || _queue.Count > 0)
                throw new InvalidOperationException("The engine database is already in use; its work goes through InTransactionAsync.");
            _writing = true;
        }
        try
        {
            var holdLog = WriteLockLog.Start();
            using var transaction = BeginWriting();
            holdLog?.Locked();
            var result = work(transaction);
            transaction.Commit();
            holdLog?.Committed([WriteLockLog.KindOf(work)]);
            return result;
        }
        finally
        {
            // Work queued meanwhile (a runner started from inside) is written as usual; else the writer is free again.
            WriteBatches(untilEmpty: false);
        }
    }

    private void WriteBatches(bool untilEmpty)
    {
        while (true)
        {
            List<IQueuedWork> batch;
            lock (_queue)
            {
                if (_queue.Count == 0)
                {
                    _writing = false;
                    return;
                }
                batch = new List<IQueuedWork>(_queue);
                _queue.Clear();
            }
            WriteBatch(batch);
            if (!untilEmpty)
            {
                lock (_queue)
                {
                    if (_queue.Count == 0)
                    {
                        _writing = false;
                        return;
                    }
                }
                ThreadPool.UnsafeQueueUserWorkItem(database => database.WriteBatches(untilEmpty: true), this, preferLocal: false);
                return;
            }
        }
    }

    private void WriteBatch(List<IQueuedWork> batch)
    {
        var ran = new List<IQueuedWork>(batch.Count);
        var holdLog = WriteLockLog.Start();
        try
        {
            using var transaction = BeginWriting();
            holdLog?.Locked();
            foreach (var queued in batch)
            {
                if (queued.IsCancelled)
                {
                    queued.Cancel();
                    continue;
                }
                transaction.Save(Savepoint);
                try
                {
                    queued.Run(transaction);
                    transaction.Release(Savepoint);
                    ran.Add(queued);
                }
                catch (Exception failure)
                {
                    transaction.Rollback(Savepoint);
                    transaction.Release(Savepoint);
                    queued.Fail(failure);
                }
            }
            transaction.Commit();
            holdLog?.Committed(batch.Select(queued => queued.Kind));
        }
        catch (Exception failure)
        {
            // The commit (or the transaction itself) failed: nothing of this batch is stored.
            var explained = Explained(failure);
            foreach (var queued in ran) queued.Fail(explained);
            foreach (var queued in batch.Where(q => !q.IsCompleted)) queued.Fail(explained);
            return;
        }
        foreach (var queued in ran) queued.Succeed();
    }

    /// <summary>
    /// Begins a write transaction (BEGIN IMMEDIATE: the write lock is taken up front, never failed on mid-transaction),
    /// waiting for the lock while other writers make progress.
    /// </summary>
    /// <remarks>
    /// A fixed total bound is the wrong rule when many processes share the folder: the lock changes hands all the time,
    /// and on a loaded machine a waiter can miss many turns in a row although nobody is stuck. So the bound applies to
    /// time without progress: between short attempts the writer reads <c>PRAGMA data_version</c>, which changes
    /// whenever another connection has committed. It fails only when no commit happened for the whole busy timeout
    /// (one holder kept the lock that long), or, as a backstop, after <see cref="BusyTimeoutsWhileOthersCommit"/> busy
    /// timeouts in all. data_version is preferred to watching the holder's process id: one process (a <c>serve</c>)
    /// can commit many times in a row, and a commit is what tells a live holder from a stuck one.
    /// </remarks>
    /// <exception cref="StateFolderBusyException">No other writer committed for the busy timeout, or the total cap passed.</exception>
    private SqliteTransaction BeginWriting()
    {
        var waiting = System.Diagnostics.Stopwatch.StartNew();
        var lastProgress = TimeSpan.Zero;
        // Read before the first try, which alone may take the whole bound: commits during it count as progress.
        var seenVersion = DataVersion();
        var cap = _busyTimeout * BusyTimeoutsWhileOthersCommit;
        while (true)
        {
            try
            {
                return _connection.BeginTransaction(deferred: false);
            }
            catch (SqliteException e) when (IsBusy(e))
            {
                var version = DataVersion();
                if (version != seenVersion) lastProgress = waiting.Elapsed;
                seenVersion = version;
                if (waiting.Elapsed - lastProgress >= _busyTimeout) throw BusyException(_folder, Path, _busyTimeout, e);
                if (waiting.Elapsed >= cap) throw BusyException(_folder, Path, waiting.Elapsed, e);
            }
        }
    }

    /// <summary>SQLite's count of commits by other connections, as this connection sees it: it changes when one happened.</summary>
    private long DataVersion()
    {
        using var command = _connection.CreateCommand();
        command.CommandText = "PRAGMA data_version";
        return (long)command.ExecuteScalar()!;
    }

    private const string Savepoint = "work";

    private interface IQueuedWork
    {
        bool IsCancelled { get; }
        bool IsCompleted { get; }
        string Kind { get; }
        void Run(SqliteTransaction transaction);
        void Succeed();
        void Fail(Exception failure);
        void Cancel();
    }

    /// <summary>A caller's work and the task it awaits: its result once the batch holding it has committed.</summary>
    private sealed class QueuedWork<T>(Func<SqliteTransaction, T> work, CancellationToken cancellationToken) : IQueuedWork
    {
        private readonly TaskCompletionSource<T> _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private T _result = default!;

        public Task<T> Task => _done.Task;
        public bool IsCancelled => cancellationToken.IsCancellationRequested;
        public bool IsCompleted => _done.Task.IsCompleted;
        public string Kind => WriteLockLog.KindOf(work);
        public void Run(SqliteTransaction transaction) => _result = work(transaction);
        public void Succeed() => _done.TrySetResult(_result);
        public void Fail(Exception failure) => _done.TrySetException(failure);
        public void Cancel() => _done.TrySetCanceled(cancellationToken);
    }

    public SqliteCommand Command(SqliteTransaction transaction, string sql, params (string Name, object? Value)[] parameters)
    {
        var command = transaction.Connection!.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        return command;
    }

    /// <summary>The first column of every row the query returns.</summary>
    public List<string> ReadStrings(SqliteTransaction transaction, string sql, params (string Name, object? Value)[] parameters)
    {
        using var reader = Prepared(transaction, sql, parameters).ExecuteReader();
        var values = new List<string>();
        while (reader.Read()) values.Add(reader.GetString(0));
        return values;
    }

    /// <summary>Runs a statement that returns no rows, with a prepared command kept for the next call; the rows it changed.</summary>
    public int Execute(SqliteTransaction transaction, string sql, params (string Name, object? Value)[] parameters) =>
        Prepared(transaction, sql, parameters).ExecuteNonQuery();

    // Only called inside InTransactionAsync or ReadAsync (a transaction is the proof), each with its own connection
    // and cache, so no two callers share a command.
    private SqliteCommand Prepared(SqliteTransaction transaction, string sql, (string Name, object? Value)[] parameters)
    {
        var prepared = transaction.Connection == _connection ? _prepared : _readPrepared;
        if (!prepared.TryGetValue(sql, out var command))
        {
            command = Command(transaction, sql, parameters);
            prepared[sql] = command;
            return command;
        }
        command.Transaction = transaction;
        foreach (var (name, value) in parameters) command.Parameters[name].Value = value ?? DBNull.Value;
        return command;
    }

    public void Dispose()
    {
        foreach (var command in _prepared.Values) command.Dispose();
        _connection.Dispose();
        lock (_readGate)
        {
            _disposed = true;
            foreach (var command in _readPrepared.Values) command.Dispose();
            _readPrepared.Clear();
            _readConnection?.Dispose();
            _readConnection = null;
        }
    }
}
