using System;
using System.Threading;
using System.Threading.Tasks;
using MistralTemplates.Engine.Actions;
using MistralTemplates.Mistral;

namespace MistralTemplates.Engine;

/// <summary>
/// Mistral's service in this process, its state in a SQLite file under <see cref="StateFolder"/>: workflows,
/// environments, cron triggers (which do not fire yet), and executions of direct workflows, which survive a restart
/// and resume when the folder is opened again; task and action executions. The other parts of
/// <see cref="IWorkflowService"/> throw <see cref="NotSupportedException"/> naming what is missing.
/// </summary>
public sealed class EmbeddedWorkflowService : IWorkflowService, IDisposable
{
    /// <summary>The folder a project keeps the engine's state in, relative to its directory.</summary>
    public const string DefaultStateFolder = ".mistral";

    private readonly EngineDatabase _database;
    private readonly EngineExecutions _executions;

    private EmbeddedWorkflowService(string stateFolder, EngineDatabase database, TimeProvider time, IActionCatalog catalog)
    {
        StateFolder = stateFolder;
        _database = database;
        Workflows = new EngineWorkflows(database, time);
        Environments = new EngineEnvironments(database, time);
        CronTriggers = new EngineCronTriggers(database, time);
        _executions = new EngineExecutions(database, time, catalog);
        Tasks = new EngineTasks(database);
        ActionExecutions = new EngineActionExecutions(database, time, catalog, _executions);
        _executions.ResumeAll();
    }

    /// <summary>Opens the engine whose state is in <paramref name="stateFolder"/>, creating the folder and database when new.</summary>
    public static EmbeddedWorkflowService Open(string stateFolder, TimeProvider? time = null) =>
        Open(stateFolder, time, new StandardActionCatalog());

    /// <summary>Opens the engine with the actions of <paramref name="catalog"/>; executions still RUNNING resume at once.</summary>
    internal static EmbeddedWorkflowService Open(string stateFolder, TimeProvider? time, IActionCatalog catalog)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(stateFolder);
        var folder = System.IO.Path.GetFullPath(stateFolder);
        return new EmbeddedWorkflowService(folder, EngineDatabase.Open(folder), time ?? TimeProvider.System, catalog);
    }

    public string StateFolder { get; }

    public IWorkflowDefinitions Workflows { get; }
    public IEnvironments Environments { get; }
    public ICronTriggers CronTriggers { get; }

    public IExecutions Executions => _executions;
    public ITaskExecutions Tasks { get; }
    public IActionExecutions ActionExecutions { get; }
    public IActionDefinitions Actions => throw EngineFaults.NotYet("ad-hoc actions");
    public IWorkbooks Workbooks => throw EngineFaults.NotYet("workbooks");
    public IEventTriggers EventTriggers => throw EngineFaults.NotYet("event triggers");

    /// <summary>
    /// Waits until every execution this engine runs has finished. A process that started executions calls it before
    /// it exits, since the engine runs them in this process only.
    /// </summary>
    public Task WaitForRunningAsync(CancellationToken cancellationToken = default) => _executions.WaitForRunningAsync(cancellationToken);

    public void Dispose()
    {
        // Runs first, so none is still writing when the database closes.
        _executions.Dispose();
        _database.Dispose();
    }
}
