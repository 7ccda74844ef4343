using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using MistralTemplates.Language.Dsl;
using MistralTemplates.Mistral;

namespace MistralTemplates.Deployment.Resources;

/// <summary>
/// <c>OS::Mistral::Workflow</c>: registers every workflow of the definition as <c>stack.resource.workflow</c>, with
/// calls between them rewritten to match. A changed definition is updated in place, workflow by workflow: new ones
/// are created, the others PUT, removed ones deleted.
/// </summary>
public sealed class WorkflowResourceProvider : IResourceProvider
{
    public const string WorkflowsKey = "workflows";
    public const string ExecutionIdsKey = "execution_ids";

    public string Type => MistralWorkflowResource.ResourceType;

    public async Task<ResourceState> CreateAsync(ResourceContext context, JsonObject properties, CancellationToken cancellationToken)
    {
        var renamed = Rename(context, properties);
        var made = new List<string>();
        try
        {
            foreach (var (name, document) in renamed.Documents)
            {
                await CreateOrAdoptAsync(context, name, document, cancellationToken).ConfigureAwait(false);
                made.Add(name);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The resource is not recorded when its create fails, so nothing would ever delete what it made.
            foreach (var name in made)
                await DeleteWorkflowAsync(context, name, CancellationToken.None).ConfigureAwait(false);
            throw;
        }
        return StateOf(renamed, executionIds: null);
    }

    /// <summary>Every workflow is named <c>stack.resource.workflow</c>, known from the definition alone.</summary>
    public ResourceState NamesBeforeCreate(ResourceContext context, JsonObject properties) => StateOf(Rename(context, properties), executionIds: null);

    public async Task<ResourceState> UpdateAsync(ResourceContext context, ResourceState current, JsonObject properties, CancellationToken cancellationToken)
    {
        var renamed = Rename(context, properties);
        var registered = RegisteredNames(current).ToHashSet(StringComparer.Ordinal);
        foreach (var (name, document) in renamed.Documents)
        {
            if (registered.Contains(name))
                await context.Service.Workflows.UpdateAsync(document, cancellationToken: cancellationToken).ConfigureAwait(false);
            else
                await CreateOrAdoptAsync(context, name, document, cancellationToken).ConfigureAwait(false);
        }
        foreach (var removed in registered.Except(renamed.Documents.Keys, StringComparer.Ordinal))
            await DeleteWorkflowAsync(context, removed, cancellationToken).ConfigureAwait(false);
        return StateOf(renamed, current.Data[ExecutionIdsKey] as JsonArray);
    }

    public async Task DeleteAsync(ResourceContext context, ResourceState current, DeleteOptions options, CancellationToken cancellationToken)
    {
        var names = RegisteredNames(current).ToList();
        if (options.DeleteExecutions && names.Count > 0)
        {
            var executions = new List<Execution>();
            await foreach (var execution in context.Service.Executions.ListAsync(
                               new ExecutionQuery { WorkflowNames = names, Fields = ["id", "state"] }, cancellationToken).ConfigureAwait(false))
                executions.Add(execution);
            foreach (var execution in executions)
            {
                try
                {
                    await context.Service.Executions.DeleteAsync(execution.Id, force: !execution.State.IsCompleted(), cancellationToken).ConfigureAwait(false);
                }
                catch (MistralNotFoundException)
                {
                    // A sub-workflow's execution goes with its parent's.
                }
            }
        }
        foreach (var name in names)
            await DeleteWorkflowAsync(context, name, cancellationToken).ConfigureAwait(false);
    }

    public async Task<JsonNode?> GetAttributeAsync(ResourceContext context, ResourceState current, string attribute, CancellationToken cancellationToken)
    {
        switch (attribute)
        {
            case "available_workflows":
                return current.Data[WorkflowsKey]?.DeepClone();
            case "executions":
                var executions = new JsonArray();
                var names = RegisteredNames(current).ToList();
                if (names.Count == 0) return executions;
                // One filtered list call per 1,000 executions, not one GET per execution.
                await foreach (var execution in context.Service.Executions.ListAsync(
                                   new ExecutionQuery { WorkflowNames = names, IncludeOutput = true }, cancellationToken).ConfigureAwait(false))
                    executions.Add(ExecutionJson(execution));
                return executions;
            case "data":
                return new JsonObject { ["name"] = current.PhysicalId, ["input"] = current.Data["input"]?.DeepClone() };
            case "show":
                var shown = new JsonArray();
                foreach (var name in RegisteredNames(current))
                    if (await context.Service.Workflows.GetAsync(name, cancellationToken: cancellationToken).OrNullIfNotFound().ConfigureAwait(false) is { } workflow)
                        shown.Add(new JsonObject { ["id"] = workflow.Id, ["name"] = workflow.Name, ["definition"] = workflow.Definition, ["input"] = workflow.Input });
                return shown;
            case "alarm_url":
                // Like Heat's pre-signed URL it never expires; destroying the stack (its secret goes with it) ends it.
                return context.Webhook?.SignalUrl(context.ResourceName).AbsoluteUri
                       ?? throw new ResourceException(context.ResourceName, "alarm_url is not known: the stack has no signal secret yet; deploy it to make one.");
            default:
                throw new ResourceException(context.ResourceName, $"{Type} has no attribute '{attribute}' (it has available_workflows, executions, alarm_url, data and show).");
        }
    }

    /// <summary>An execution as the <c>executions</c> attribute shows it: ids, state and JSON values, not strings.</summary>
    public static JsonObject ExecutionJson(Execution execution) => WorkflowExecution.From(execution).ToJson();

    private static RenamedDefinition Rename(ResourceContext context, JsonObject properties)
    {
        var text = WorkflowDefinitionText.From(context.ResourceName, properties);
        var renamed = WorkflowRenamer.Rename(context.ResourceName + ".definition", text, shortName => context.NamePrefix + "." + shortName);
        if (renamed.Text is null)
            throw new ResourceException(context.ResourceName, "the workflow definition is invalid: " +
                string.Join("; ", renamed.Diagnostics.Where(d => d.IsError).Select(d => d.Message)));
        return renamed;
    }

    /// <summary>
    /// One workflow per request, so the server stores each text as sent and a later comparison is exact. A name
    /// that exists already was made by an interrupted deploy of this resource (the name carries stack and
    /// resource): it is adopted and brought to what is asked.
    /// </summary>
    private static async Task CreateOrAdoptAsync(ResourceContext context, string name, string document, CancellationToken cancellationToken)
    {
        try
        {
            await context.Service.Workflows.CreateAsync(document, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (MistralConflictException)
        {
            var existing = await context.Service.Workflows.GetAsync(name, cancellationToken: cancellationToken).ConfigureAwait(false);
            if (existing.Definition != document)
                await context.Service.Workflows.UpdateAsync(document, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task DeleteWorkflowAsync(ResourceContext context, string name, CancellationToken cancellationToken)
    {
        try
        {
            await context.Service.Workflows.DeleteAsync(name, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (MistralNotFoundException)
        {
        }
        catch (MistralBadRequestException e)
        {
            throw new ResourceException(context.ResourceName,
                $"the workflow '{name}' cannot be deleted: {e.ServerMessage} (a cron trigger outside this stack may still use it; delete that trigger first).", e);
        }
    }

    private static ResourceState StateOf(RenamedDefinition renamed, JsonArray? executionIds)
    {
        var workflows = new JsonObject();
        foreach (var (shortName, fullName) in renamed.Names) workflows[shortName] = fullName;
        var data = new JsonObject
        {
            [WorkflowsKey] = workflows,
            [ExecutionIdsKey] = executionIds?.DeepClone() ?? new JsonArray(),
        };
        return new ResourceState(renamed.Names.Values.FirstOrDefault(), data);
    }

    internal static IEnumerable<string> RegisteredNames(ResourceState state) =>
        state.Data[WorkflowsKey] is JsonObject workflows
            ? workflows.Select(p => p.Value?.GetValue<string>()).OfType<string>()
            : [];
}
