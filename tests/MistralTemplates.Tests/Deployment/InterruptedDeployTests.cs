using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using MistralTemplates.Deployment;
using MistralTemplates.Mistral;
using MistralTemplates.State;
using MistralTemplates.Tests.Embedded;

namespace MistralTemplates.Tests.Deployment;

/// <summary>
/// A deploy that stops with a create sent and its answer never read (the process was killed), then a destroy: on the
/// embedded engine, the destroy removes everything the stack made, its own triggers first, and nothing else.
/// </summary>
public sealed class InterruptedDeployTests : IDisposable
{
    private readonly TempStateFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private static StackTemplate Template(string stack) => new("interrupted.yaml", $$"""
        heat_template_version: 2018-08-31
        resources:
          first:
            type: OS::Mistral::Workflow
            properties:
              definition: "one:\n  tasks:\n    t:\n      action: std.noop\n"
          second:
            type: OS::Mistral::Workflow
            properties:
              definition: "two:\n  tasks:\n    t:\n      action: std.noop\n"
          by_attr:
            type: OS::Mistral::CronTrigger
            properties:
              pattern: "0 3 1 1 *"
              workflow: { get_attr: [first, available_workflows, one] }
          by_name:
            type: OS::Mistral::CronTrigger
            properties:
              name: {{stack}}-fixed
              pattern: "0 4 1 1 *"
              workflow: {{stack}}.second.two
        """);

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public async Task A_destroy_after_a_first_deploy_stopped_with_a_create_unanswered_leaves_nothing_of_the_stack_and_all_else(int lostAnswer)
    {
        await using var target = StackTarget.Embedded(_folder.Path);
        var service = target.Service;
        await service.Workflows.CreateAsync("version: '2.0'\nkeep:\n  tasks:\n    t:\n      action: std.noop\n");
        await service.CronTriggers.CreateAsync(new CronTriggerRequest("keep-trigger") { WorkflowName = "keep", Pattern = "0 5 1 1 *" });

        var killed = new AnswerLostAt(service, lostAnswer);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            new StackDeployer(killed, target.State).DeployAsync(Template("s"), "s", new Dictionary<string, string>(), new DeployOptions { MaxParallelism = 1 }));
        Assert.Equal(lostAnswer, killed.Creates);
        Assert.NotEmpty(await NamesAsync(service, "s"));

        // A new run, as after the kill: it takes the lock over and deletes what the record names.
        Assert.True(await new StackDeployer(service, target.State).DestroyAsync("s", new DeployOptions { BreakLock = true }));

        Assert.Empty(await NamesAsync(service, "s"));
        Assert.Null(await target.State.GetAsync("s"));
        Assert.Equal("keep", (await service.Workflows.GetAsync("keep")).Name);
        Assert.Equal("keep-trigger", (await service.CronTriggers.GetAsync("keep-trigger")).Name);
    }

    [Fact]
    public async Task A_deploy_after_a_stopped_one_creates_what_was_announced_and_ends_with_each_resource_complete()
    {
        await using var target = StackTarget.Embedded(_folder.Path);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => new StackDeployer(new AnswerLostAt(target.Service, 2), target.State)
            .DeployAsync(Template("s"), "s", new Dictionary<string, string>(), new DeployOptions { MaxParallelism = 1 }));
        var stopped = await target.State.GetAsync("s");
        // Every resource is listed by name before its create is sent, in the run's first write.
        Assert.Equal(["by_attr", "by_name", "first", "second"], stopped!.Resources.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("s-fixed", stopped.Resources["by_name"].PhysicalId);
        Assert.Equal(["s.second.two"], stopped.Resources["second"].Workflows);

        var result = await new StackDeployer(target.Service, target.State)
            .DeployAsync(Template("s"), "s", new Dictionary<string, string>(), new DeployOptions { BreakLock = true });

        Assert.All(result.Record.Resources.Values, r =>
        {
            Assert.NotNull(r.Properties);
            Assert.Equal(LifecycleStatus.CreateComplete, r.Status);
        });
        Assert.Equal(["s-fixed", "s.by_attr"], (await TriggersAsync(target.Service, "s")).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_whole_deploy_announces_its_creates_without_a_write_of_its_own()
    {
        await using var target = StackTarget.Embedded(_folder.Path);
        var store = new CountingStateStore(target.State);

        var result = await new StackDeployer(target.Service, store)
            .DeployAsync(Template("s"), "s", new Dictionary<string, string>(), new DeployOptions { MaxParallelism = 1 });

        // The first write (with the announcements), one per created resource, the last one.
        Assert.Equal(1 + 4 + 1, store.Saves);
        Assert.Equal(result.Record.Version, store.Saves);
    }

    private static async Task<List<string>> NamesAsync(IWorkflowService service, string stack)
    {
        var names = new List<string>();
        await foreach (var workflow in service.Workflows.ListAsync())
            if (workflow.Name == stack || workflow.Name.StartsWith(stack + ".", StringComparison.Ordinal)) names.Add(workflow.Name);
        names.AddRange(await TriggersAsync(service, stack));
        return names;
    }

    private static async Task<List<string>> TriggersAsync(IWorkflowService service, string stack)
    {
        var names = new List<string>();
        await foreach (var trigger in service.CronTriggers.ListAsync())
            if (trigger.Name.StartsWith(stack + ".", StringComparison.Ordinal) || trigger.Name.StartsWith(stack + "-", StringComparison.Ordinal))
                names.Add(trigger.Name);
        return names;
    }

    /// <summary>
    /// The service as a run that is killed sees it: the <c>n</c>-th create of a workflow or trigger reaches the
    /// service, and its answer never comes back (the run stops there, writing nothing more).
    /// </summary>
    private sealed class AnswerLostAt(IWorkflowService inner, int n) : IWorkflowService, IWorkflowDefinitions, ICronTriggers
    {
        private int _creates;

        public int Creates => _creates;

        public IWorkflowDefinitions Workflows => this;
        public IExecutions Executions => inner.Executions;
        public ITaskExecutions Tasks => inner.Tasks;
        public IActionExecutions ActionExecutions => inner.ActionExecutions;
        public ICronTriggers CronTriggers => this;
        public IEnvironments Environments => inner.Environments;
        public IActionDefinitions Actions => inner.Actions;
        public IWorkbooks Workbooks => inner.Workbooks;
        public IEventTriggers EventTriggers => inner.EventTriggers;

        private async Task<T> Create<T>(Func<Task<T>> create)
        {
            var stops = Interlocked.Increment(ref _creates) == n;
            var made = await create();
            if (stops) throw new OperationCanceledException("killed with the answer unread");
            return made;
        }

        public Task<IReadOnlyList<WorkflowDefinition>> CreateAsync(string definition, string? @namespace = null, CancellationToken cancellationToken = default) =>
            Create(() => inner.Workflows.CreateAsync(definition, @namespace, cancellationToken));

        public Task<IReadOnlyList<WorkflowDefinition>> UpdateAsync(string definition, string? @namespace = null, CancellationToken cancellationToken = default) =>
            inner.Workflows.UpdateAsync(definition, @namespace, cancellationToken);

        public Task<WorkflowDefinition> GetAsync(string name, string? @namespace = null, CancellationToken cancellationToken = default) =>
            inner.Workflows.GetAsync(name, @namespace, cancellationToken);

        public IAsyncEnumerable<WorkflowDefinition> ListAsync(ListQuery? query = null, CancellationToken cancellationToken = default) =>
            inner.Workflows.ListAsync(query, cancellationToken);

        public Task DeleteAsync(string name, string? @namespace = null, CancellationToken cancellationToken = default) =>
            inner.Workflows.DeleteAsync(name, @namespace, cancellationToken);

        public Task<DefinitionValidation> ValidateAsync(string definition, CancellationToken cancellationToken = default) =>
            inner.Workflows.ValidateAsync(definition, cancellationToken);

        public Task<CronTrigger> CreateAsync(CronTriggerRequest request, CancellationToken cancellationToken = default) =>
            Create(() => inner.CronTriggers.CreateAsync(request, cancellationToken));

        Task<CronTrigger> ICronTriggers.GetAsync(string name, CancellationToken cancellationToken) => inner.CronTriggers.GetAsync(name, cancellationToken);

        IAsyncEnumerable<CronTrigger> ICronTriggers.ListAsync(ListQuery? query, CancellationToken cancellationToken) =>
            inner.CronTriggers.ListAsync(query, cancellationToken);

        Task ICronTriggers.DeleteAsync(string name, CancellationToken cancellationToken) => inner.CronTriggers.DeleteAsync(name, cancellationToken);
    }
}

/// <summary>A state store that counts the writes that pass through it.</summary>
internal sealed class CountingStateStore(IStackStateStore inner) : IStackStateStore
{
    private int _saves;
    private int _otherWrites;

    /// <summary>Records saved.</summary>
    public int Saves => _saves;

    /// <summary>Every write: saves, deletes and locks taken.</summary>
    public int Writes => _saves + _otherWrites;

    public Task<StackRecord?> GetAsync(string stack, CancellationToken cancellationToken = default) => inner.GetAsync(stack, cancellationToken);

    public Task<IReadOnlyList<StackRecord>> ListAsync(CancellationToken cancellationToken = default) => inner.ListAsync(cancellationToken);

    public Task SaveAsync(StackRecord record, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _saves);
        return inner.SaveAsync(record, cancellationToken);
    }

    public Task DeleteAsync(string stack, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _otherWrites);
        return inner.DeleteAsync(stack, cancellationToken);
    }

    public Task<IStackLock> AcquireLockAsync(string stack, string holder, TimeSpan lease, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _otherWrites);
        return inner.AcquireLockAsync(stack, holder, lease, cancellationToken);
    }

    public Task<IStackLock> BreakLockAsync(string stack, string holder, TimeSpan lease, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _otherWrites);
        return inner.BreakLockAsync(stack, holder, lease, cancellationToken);
    }

    public Task<bool> LockExistsAsync(string stack, CancellationToken cancellationToken = default) => inner.LockExistsAsync(stack, cancellationToken);
}
