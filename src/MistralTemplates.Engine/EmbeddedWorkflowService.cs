using System;
using System.Threading;
using System.Threading.Tasks;
using MistralTemplates.Engine.Actions;
using MistralTemplates.Engine.Triggers;
using MistralTemplates.Mistral;

namespace MistralTemplates.Engine;

/// <summary>
/// Mistral's service in this process, its state in a SQLite file under <see cref="StateFolder"/>: workflows, ad-hoc
/// actions, workbooks, environments, cron triggers (fired by <see cref="RunCronTriggersAsync(CancellationToken)"/>),
/// and executions, which survive a restart and resume when the folder is opened again; task and action executions.
/// The other parts of
/// <see cref="IWorkflowService"/> throw <see cref="NotSupportedException"/> naming what is missing.
/// </summary>
public sealed class EmbeddedWorkflowService : IWorkflowService, IDisposable
{
    /// <summary>The folder a project keeps the engine's state in, relative to its directory.</summary>
    public const string DefaultStateFolder = ".mistral";

    private readonly EngineDatabase _database;
    private readonly EngineExecutions _executions;
    private readonly IActionCatalog _catalog;
    private readonly TimeProvider _time;

    private EmbeddedWorkflowService(string stateFolder, EngineDatabase database, TimeProvider time, Func<EngineDatabase, IActionCatalog> catalog)
    {
        StateFolder = stateFolder;
        _database = database;
        _catalog = catalog(database);
        Workflows = new EngineWorkflows(database, time);
        Environments = new EngineEnvironments(database, time);
        CronTriggers = new EngineCronTriggers(database, time);
        var actions = new EngineActionDefinitions(database, time);
        Actions = actions;
        Workbooks = new EngineWorkbooks(database, time, actions);
        _time = time;
        _executions = new EngineExecutions(database, time, _catalog);
        Tasks = new EngineTasks(database);
        ActionExecutions = new EngineActionExecutions(database, time, _catalog, _executions);
        _executions.ResumeAll();
    }

    /// <summary>
    /// Opens the engine whose state is in <paramref name="stateFolder"/>, creating the folder and database when new (with
    /// a <c>.gitignore</c> of <c>*</c> when the folder holds nothing else, so git never lists it); executions still RUNNING there resume at once. <paramref name="options"/> adds the host's own actions (see
    /// <see cref="EngineOptions.AddAction{TInput, TOutput}(string, Func{TInput, CancellationToken, Task{TOutput}})"/>).
    /// </summary>
    public static EmbeddedWorkflowService Open(string stateFolder, EngineOptions? options = null, TimeProvider? time = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(stateFolder);
        var folder = System.IO.Path.GetFullPath(stateFolder);
        var clock = time ?? TimeProvider.System;
        return Create(folder, EngineDatabase.Open(folder, options?.StateBusyTimeout), clock, database => new EngineActionCatalog(database, options ?? new EngineOptions(), clock));
    }

    /// <summary>Opens the engine with the actions of <paramref name="catalog"/> only (tests count and stop actions with it).</summary>
    internal static EmbeddedWorkflowService Open(string stateFolder, TimeProvider? time, IActionCatalog catalog)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(stateFolder);
        var folder = System.IO.Path.GetFullPath(stateFolder);
        return Create(folder, EngineDatabase.Open(folder), time ?? TimeProvider.System, _ => catalog);
    }

    // Resuming runs may fail (another process holds the write lock past its bound): the database opened for it is closed.
    private static EmbeddedWorkflowService Create(string folder, EngineDatabase database, TimeProvider time, Func<EngineDatabase, IActionCatalog> catalog)
    {
        try
        {
            return new EmbeddedWorkflowService(folder, database, time, catalog);
        }
        catch
        {
            database.Dispose();
            throw;
        }
    }

    public string StateFolder { get; }

    /// <summary>
    /// Whether this user can only read the state folder (it or its <c>engine.db</c> is not writable for them): the
    /// engine then reads the state and every change fails with <see cref="StateFolderReadOnlyException"/>.
    /// </summary>
    public bool IsReadOnly => _database.IsReadOnly;

    /// <summary>Every action this engine's runs can name: the host's, the std ones and the stored ad-hoc ones.</summary>
    internal IActionCatalog Catalog => _catalog;

    public IWorkflowDefinitions Workflows { get; }
    public IEnvironments Environments { get; }
    public ICronTriggers CronTriggers { get; }

    public IExecutions Executions => _executions;
    public ITaskExecutions Tasks { get; }
    public IActionExecutions ActionExecutions { get; }
    public IActionDefinitions Actions { get; }
    public IWorkbooks Workbooks { get; }
    public IEventTriggers EventTriggers => throw EngineFaults.NotYet("event triggers");

    /// <summary>
    /// Waits until every execution this engine runs has finished. A process that started executions calls it before
    /// it exits, since the engine runs them in this process only.
    /// </summary>
    public Task WaitForRunningAsync(CancellationToken cancellationToken = default) => _executions.WaitForRunningAsync(cancellationToken);

    /// <summary>
    /// Fires this engine's cron triggers until <paramref name="cancellationToken"/> is cancelled, then returns (no
    /// exception): each due trigger starts an execution of its workflow, with Mistral's rules for the pattern, the
    /// first time, the count and deletion at zero. Several processes may run it on one folder; each due time still
    /// starts one execution. <paramref name="onFire"/> hears of every fire this process made, e.g. to log it.
    /// </summary>
    public Task RunCronTriggersAsync(Action<CronTriggerFire>? onFire, CancellationToken cancellationToken) =>
        new CronScheduler(new CronTriggerClaims(_database, _time), _executions, _time).RunAsync(onFire, cancellationToken);

    /// <inheritdoc cref="RunCronTriggersAsync(Action{CronTriggerFire}?, CancellationToken)"/>
    public Task RunCronTriggersAsync(CancellationToken cancellationToken) => RunCronTriggersAsync(null, cancellationToken);

    public void Dispose()
    {
        // Runs first, so none is still writing when the database closes.
        _executions.Dispose();
        (_catalog as IDisposable)?.Dispose();
        _database.Dispose();
    }
}
