using System;
using System.Globalization;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using MistralTemplates.Language.Cron;
using MistralTemplates.Mistral;

namespace MistralTemplates.Deployment.Resources;

/// <summary>
/// <c>OS::Mistral::CronTrigger</c>. Mistral cannot update a trigger, so every change is a replacement, which the
/// deploy engine orders (delete first when a fixed <c>name</c> would collide). A trigger Mistral deleted itself after
/// its last run is gone, not broken: deleting it is a no-op and its attributes say no run remains.
/// </summary>
public sealed class CronTriggerResourceProvider : IResourceProvider
{
    public string Type => "OS::Mistral::CronTrigger";

    /// <summary>The trigger's name in Mistral: the <c>name</c> property, else <c>stack.resource</c>.</summary>
    public static string TriggerName(ResourceContext context, JsonObject properties) =>
        properties["name"]?.GetValue<string>() ?? context.NamePrefix;

    public async Task<ResourceState> CreateAsync(ResourceContext context, JsonObject properties, CancellationToken cancellationToken)
    {
        var request = Request(context, properties);
        try
        {
            await context.Service.CronTriggers.CreateAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (MistralConflictException)
        {
            // Made by an interrupted deploy of this resource (same name): keep it if it is what is asked, else remake it.
            var existing = await context.Service.CronTriggers.GetAsync(request.Name, cancellationToken).ConfigureAwait(false);
            if (!CronTriggerComparison.IsWhatWasAsked(existing, request))
            {
                await context.Service.CronTriggers.DeleteAsync(request.Name, cancellationToken).ConfigureAwait(false);
                await context.Service.CronTriggers.CreateAsync(request, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (MistralBadRequestException e)
        {
            throw new ResourceException(context.ResourceName, $"Mistral refused the cron trigger '{request.Name}': {e.ServerMessage}", e);
        }
        return new ResourceState(request.Name, new JsonObject());
    }

    /// <summary>The trigger's name is its <c>name</c> property or <c>stack.resource</c>, known before it is made.</summary>
    public ResourceState NamesBeforeCreate(ResourceContext context, JsonObject properties) => new(TriggerName(context, properties), new JsonObject());

    public Task<ResourceState> UpdateAsync(ResourceContext context, ResourceState current, JsonObject properties, CancellationToken cancellationToken) =>
        throw new ResourceException(context.ResourceName, "a cron trigger cannot be updated in place; it is replaced.");

    /// <summary>Mistral has one trigger per name: when the replacement keeps the name, the old trigger must go first.</summary>
    public bool ReplacementCollides(ResourceContext context, ResourceState current, JsonObject properties) =>
        TriggerName(context, properties) == current.PhysicalId;

    public async Task DeleteAsync(ResourceContext context, ResourceState current, DeleteOptions options, CancellationToken cancellationToken)
    {
        if (current.PhysicalId is null) return;
        try
        {
            await context.Service.CronTriggers.DeleteAsync(current.PhysicalId, cancellationToken).ConfigureAwait(false);
        }
        catch (MistralNotFoundException)
        {
            // It ran its last time and Mistral deleted it.
        }
    }

    public async Task<JsonNode?> GetAttributeAsync(ResourceContext context, ResourceState current, string attribute, CancellationToken cancellationToken)
    {
        if (attribute is not ("next_execution_time" or "remaining_executions" or "show"))
            throw new ResourceException(context.ResourceName, $"{Type} has no attribute '{attribute}' (it has next_execution_time, remaining_executions and show).");
        var trigger = current.PhysicalId is null ? null
            : await context.Service.CronTriggers.GetAsync(current.PhysicalId, cancellationToken).OrNullIfNotFound().ConfigureAwait(false);
        return attribute switch
        {
            "next_execution_time" => trigger?.NextExecutionTime is { } next ? JsonValue.Create(next.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)) : null,
            // A trigger that deleted itself after its last run has none left.
            "remaining_executions" => trigger is null ? JsonValue.Create(0) : trigger.RemainingExecutions is { } left ? JsonValue.Create(left) : null,
            _ => trigger is null ? null : new JsonObject
            {
                ["name"] = trigger.Name, ["pattern"] = trigger.Pattern, ["workflow_name"] = trigger.WorkflowName,
                ["workflow_input"] = trigger.WorkflowInput?.DeepClone(), ["remaining_executions"] = trigger.RemainingExecutions,
            },
        };
    }

    /// <summary>The request from the properties: <c>workflow</c> is <c>{name, input}</c> or a plain name.</summary>
    internal static CronTriggerRequest Request(ResourceContext context, JsonObject properties)
    {
        var (workflowName, input) = properties["workflow"] switch
        {
            JsonValue plain when plain.TryGetValue<string>(out var name) => (name, (JsonObject?)null),
            JsonObject map => (map["name"]?.GetValue<string>(), map["input"] as JsonObject),
            _ => (null, null),
        };
        if (workflowName is null)
            throw new ResourceException(context.ResourceName, "the 'workflow' property needs the workflow's name, as {name: ..., input: ...} or a plain name.");
        return new CronTriggerRequest(TriggerName(context, properties))
        {
            WorkflowName = workflowName,
            WorkflowInput = (JsonObject?)input?.DeepClone(),
            Pattern = properties["pattern"]?.GetValue<string>(),
            FirstExecutionTime = FirstTime(context, properties["first_time"]?.GetValue<string>()),
            RemainingExecutions = EvaluatedValues.FromJson(properties["count"]) switch
            {
                long whole => (int)whole,
                double number => (int)number,
                _ => null,
            },
        };
    }

    private static DateTimeOffset? FirstTime(ResourceContext context, string? text)
    {
        if (text is null) return null;
        return CronFirstTime.TryParse(text, out var utc)
            ? new DateTimeOffset(utc)
            : throw new ResourceException(context.ResourceName, $"first_time '{text}' is not \"YYYY-MM-DD HH:MM\" (UTC).");
    }
}
