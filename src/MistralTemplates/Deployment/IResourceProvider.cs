using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using MistralTemplates.Mistral;

namespace MistralTemplates.Deployment;

/// <summary>Where a resource lives and who it belongs to, for a provider's calls.</summary>
public sealed record ResourceContext(IWorkflowService Service, string StackName, string ResourceName)
{
    /// <summary>
    /// The stack's id, new each time a stack of this name is created. Providers derive ids from it that must differ
    /// between a stack and a later one of the same name; empty when the caller does not know it.
    /// </summary>
    public System.Guid StackId { get; init; }

    /// <summary>Signs the stack's signal URLs (<c>alarm_url</c>); null when the caller has no secret for the stack.</summary>
    public Webhooks.StackWebhook? Webhook { get; init; }

    /// <summary>The prefix of every name the resource registers: <c>stack.resource</c>.</summary>
    public string NamePrefix => StackName + "." + ResourceName;
}

/// <summary>
/// What a provider remembers about a resource it made: the physical id and provider data (for a workflow resource,
/// the names it registered and the executions started through it). The deploy engine stores it with the stack.
/// </summary>
public sealed record ResourceState(string? PhysicalId, JsonObject Data);

/// <summary>How deleting a resource treats what it started.</summary>
public sealed record DeleteOptions(bool DeleteExecutions = false);

/// <summary>Creates, updates, deletes and reads one resource type on a workflow service.</summary>
public interface IResourceProvider
{
    string Type { get; }

    /// <summary>
    /// Makes the resource. Must also succeed when an earlier, interrupted deploy made it but did not record it:
    /// the provider finds it by name and brings it to <paramref name="properties"/>.
    /// </summary>
    Task<ResourceState> CreateAsync(ResourceContext context, JsonObject properties, CancellationToken cancellationToken);

    /// <summary>
    /// What <see cref="CreateAsync"/> will make, named before any request is sent, so the stack's record lists it
    /// first and a destroy after a run killed mid-create finds and deletes it; null when the service picks the names.
    /// The state must be one <see cref="DeleteAsync"/> accepts whether or not the objects were made.
    /// </summary>
    ResourceState? NamesBeforeCreate(ResourceContext context, JsonObject properties) => null;

    /// <summary>Changes the resource in place to <paramref name="properties"/>.</summary>
    Task<ResourceState> UpdateAsync(ResourceContext context, ResourceState current, JsonObject properties, CancellationToken cancellationToken);

    /// <summary>
    /// Whether the object a replace makes would take the name of the one it replaces, so the old one must go first.
    /// Otherwise the new one is made first, and a failed replace leaves the old one working.
    /// </summary>
    bool ReplacementCollides(ResourceContext context, ResourceState current, JsonObject properties) => true;

    /// <summary>Removes the resource; something already gone is not an error.</summary>
    Task DeleteAsync(ResourceContext context, ResourceState current, DeleteOptions options, CancellationToken cancellationToken);

    /// <summary>The value of an attribute, for get_attr and for the CLI.</summary>
    Task<JsonNode?> GetAttributeAsync(ResourceContext context, ResourceState current, string attribute, CancellationToken cancellationToken);
}

/// <summary>A resource cannot be made, changed, read or removed as asked; the message says what to fix.</summary>
public sealed class ResourceException(string resource, string message, System.Exception? inner = null)
    : System.Exception($"{resource}: {message}", inner)
{
    public string Resource { get; } = resource;
}
