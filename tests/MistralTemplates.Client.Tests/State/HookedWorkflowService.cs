using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace MistralTemplates.Mistral.Tests.State;

/// <summary>
/// A workflow service that forwards every call to a real one and lets a test run code right after an environment
/// call returned: to stop one process at an exact point while another one acts.
/// </summary>
public sealed class HookedWorkflowService(IWorkflowService inner) : IWorkflowService
{
    private readonly HookedEnvironments _environments = new(inner.Environments);

    /// <summary>Called after each environment call that succeeded, with the call ("create", "get", "update", "delete") and the name.</summary>
    public Func<string, string, Task>? AfterEnvironmentCall
    {
        get => _environments.After;
        set => _environments.After = value;
    }

    public IWorkflowDefinitions Workflows => inner.Workflows;
    public IExecutions Executions => inner.Executions;
    public ITaskExecutions Tasks => inner.Tasks;
    public IActionExecutions ActionExecutions => inner.ActionExecutions;
    public ICronTriggers CronTriggers => inner.CronTriggers;
    public IEnvironments Environments => _environments;
    public IActionDefinitions Actions => inner.Actions;
    public IWorkbooks Workbooks => inner.Workbooks;
    public IEventTriggers EventTriggers => inner.EventTriggers;

    private sealed class HookedEnvironments(IEnvironments inner) : IEnvironments
    {
        public Func<string, string, Task>? After { get; set; }

        public async Task<MistralEnvironment> CreateAsync(EnvironmentRequest request, CancellationToken cancellationToken = default)
        {
            var created = await inner.CreateAsync(request, cancellationToken);
            await RunHook("create", request.Name);
            return created;
        }

        public async Task<MistralEnvironment> GetAsync(string name, CancellationToken cancellationToken = default)
        {
            var environment = await inner.GetAsync(name, cancellationToken);
            await RunHook("get", name);
            return environment;
        }

        public IAsyncEnumerable<MistralEnvironment> ListAsync(ListQuery? query = null, CancellationToken cancellationToken = default) =>
            inner.ListAsync(query, cancellationToken);

        public async Task<MistralEnvironment> UpdateAsync(EnvironmentRequest request, CancellationToken cancellationToken = default)
        {
            var updated = await inner.UpdateAsync(request, cancellationToken);
            await RunHook("update", request.Name);
            return updated;
        }

        public async Task DeleteAsync(string name, CancellationToken cancellationToken = default)
        {
            await inner.DeleteAsync(name, cancellationToken);
            await RunHook("delete", name);
        }

        private Task RunHook(string call, string name) => After?.Invoke(call, name) ?? Task.CompletedTask;
    }
}
