using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using MistralTemplates.Deployment;

namespace MistralTemplates;

/// <summary>
/// A value known only once the stack exists: an attribute of a resource, optionally with a path into it
/// (as in <c>get_attr: [resource, attribute, key]</c>). <see cref="GetValueAsync(CancellationToken)"/> reads it from the
/// deployed stack, as the command line's <c>attribute</c> verb does.
/// </summary>
public sealed record AttributeReference<T>
{
    private readonly Stack? _stack;

    /// <summary>A reference by names only; read it with <see cref="GetValueAsync(StackTarget, CancellationToken)"/>.</summary>
    public AttributeReference(string stackName, string resourceName, string attribute, IReadOnlyList<string>? path = null)
    {
        StackName = stackName;
        ResourceName = resourceName;
        Attribute = attribute;
        Path = path ?? Array.Empty<string>();
    }

    /// <summary>A reference to an attribute of a resource of <paramref name="stack"/>, read from the target the stack is bound to.</summary>
    public AttributeReference(Stack stack, string resourceName, string attribute, IReadOnlyList<string>? path = null)
        : this((stack ?? throw new ArgumentNullException(nameof(stack))).StackName, resourceName, attribute, path) =>
        _stack = stack;

    /// <summary>The name of the stack the resource belongs to.</summary>
    public string StackName { get; }

    /// <summary>The resource's name in the template.</summary>
    public string ResourceName { get; }

    /// <summary>The attribute's name, e.g. <c>executions</c>.</summary>
    public string Attribute { get; }

    /// <summary>Keys (or list indexes) into the attribute's value.</summary>
    public IReadOnlyList<string> Path { get; }

    /// <summary>Reads the attribute from the target the stack was deployed to or connected on.</summary>
    /// <exception cref="InvalidOperationException">The reference has no stack, or the stack is not deployed or connected.</exception>
    /// <exception cref="DeploymentException">The stack or resource is not deployed, the path leads nowhere, or the value is not a <typeparamref name="T"/>.</exception>
    public Task<T> GetValueAsync(CancellationToken cancellationToken = default) =>
        GetValueAsync(DeployedValues.TargetOf(_stack, ToString()), cancellationToken);

    /// <summary>Reads the attribute of the stack named <see cref="StackName"/> on <paramref name="target"/>, now.</summary>
    /// <exception cref="DeploymentException">The stack or resource is not deployed, the path leads nowhere, or the value is not a <typeparamref name="T"/>.</exception>
    public async Task<T> GetValueAsync(StackTarget target, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(target);
        var value = await new StackDeployer(target.Service, target.State)
            .GetAttributeAsync(StackName, ResourceName, Attribute, cancellationToken).ConfigureAwait(false);
        var what = $"attribute {ToString()}";
        foreach (var step in Path) value = DeployedValues.Step(StackName, what, value, step);
        return DeployedValues.Convert<T>(StackName, what, value);
    }

    /// <summary>The reference in template form: <c>get_attr: [resource, attribute, path...]</c>.</summary>
    public override string ToString() =>
        $"get_attr: [{string.Join(", ", new[] { ResourceName, Attribute }.Concat(Path))}]";

    /// <summary>Equal when they name the same stack, resource, attribute and path.</summary>
    public bool Equals(AttributeReference<T>? other) =>
        other is not null && StackName == other.StackName && ResourceName == other.ResourceName &&
        Attribute == other.Attribute && Path.SequenceEqual(other.Path);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(StackName, ResourceName, Attribute, string.Join("/", Path));
}

/// <summary>
/// A template output, known once the stack exists. <see cref="GetValueAsync(CancellationToken)"/> reads the value the
/// last deploy recorded, as the command line's <c>outputs</c> verb does.
/// </summary>
public sealed record OutputReference<T>(string StackName, string OutputName)
{
    private readonly Stack? _stack;

    /// <summary>A reference to an output of <paramref name="stack"/>, read from the target the stack is bound to.</summary>
    public OutputReference(Stack stack, string outputName)
        : this((stack ?? throw new ArgumentNullException(nameof(stack))).StackName, outputName) =>
        _stack = stack;

    /// <summary>A short description of the output, from the template.</summary>
    public string? Description { get; init; }

    /// <summary>Reads the output from the target the stack was deployed to or connected on.</summary>
    /// <exception cref="InvalidOperationException">The reference has no stack, or the stack is not deployed or connected.</exception>
    /// <exception cref="DeploymentException">The stack is not deployed, has no such output, or its value is not a <typeparamref name="T"/>.</exception>
    public Task<T> GetValueAsync(CancellationToken cancellationToken = default) =>
        GetValueAsync(DeployedValues.TargetOf(_stack, ToString()), cancellationToken);

    /// <summary>Reads the output of the stack named <see cref="StackName"/> on <paramref name="target"/>.</summary>
    /// <exception cref="DeploymentException">The stack is not deployed, has no such output, or its value is not a <typeparamref name="T"/>.</exception>
    public async Task<T> GetValueAsync(StackTarget target, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(target);
        var outputs = await new StackDeployer(target.Service, target.State).GetOutputsAsync(StackName, cancellationToken).ConfigureAwait(false);
        if (!outputs.TryGetPropertyValue(OutputName, out var value))
            throw new DeploymentException(StackName, $"the deployed stack has no output '{OutputName}'.",
                [outputs.Count == 0 ? "it has no outputs; deploy it again if the template gained them" : $"its outputs: {string.Join(", ", outputs.Select(o => o.Key))}"]);
        return DeployedValues.Convert<T>(StackName, $"output '{OutputName}'", value);
    }

    /// <summary>The reference in template form: <c>outputs.name</c>.</summary>
    public override string ToString() => $"outputs.{OutputName}";

    /// <summary>Equal when they name the same output of the same stack and have the same description.</summary>
    public bool Equals(OutputReference<T>? other) =>
        other is not null && StackName == other.StackName && OutputName == other.OutputName && Description == other.Description;

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(StackName, OutputName, Description);
}

/// <summary>Turns a deployed stack's JSON values into the types references promise.</summary>
internal static class DeployedValues
{
    public static StackTarget TargetOf(Stack? stack, string reference) =>
        stack?.RequireTarget() ?? throw new InvalidOperationException(
            $"The reference {reference} was made by name, without its stack: read it with GetValueAsync(target) or through the stack's own members.");

    /// <summary>One step of a <c>get_attr</c> path: a key of an object or an index of a list.</summary>
    public static JsonNode? Step(string stackName, string what, JsonNode? value, string step) => value switch
    {
        JsonObject map when map.TryGetPropertyValue(step, out var found) => found,
        JsonArray list when int.TryParse(step, NumberStyles.None, CultureInfo.InvariantCulture, out var index) && index < list.Count => list[index],
        _ => throw new DeploymentException(stackName, $"the {what} has no '{step}'; its value is {value?.ToJsonString() ?? "null"}.", []),
    };

    public static T Convert<T>(string stackName, string what, JsonNode? value)
    {
        if (value is null)
            return default(T) is null ? default! : throw Mismatch<T>(stackName, what, value, null);
        try
        {
            object? converted = typeof(T) switch
            {
                var t when t == typeof(JsonNode) => value.DeepClone(),
                var t when t == typeof(IReadOnlyList<WorkflowExecution>) => value.AsArray()
                    .Select(e => WorkflowExecution.FromJson(e?.AsObject() ?? throw new JsonException("an execution is null"))).ToList(),
                var t when t == typeof(Uri) => new Uri(value.GetValue<string>(), UriKind.Absolute),
                // Mistral's times are UTC without a zone: "2026-01-02 00:01:00".
                var t when t == typeof(DateTimeOffset?) || t == typeof(DateTimeOffset) =>
                    DateTimeOffset.Parse(value.GetValue<string>(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal),
                _ => value.Deserialize<T>(WorkflowExecution.OutputOptions),
            };
            return converted is T typed ? typed : throw Mismatch<T>(stackName, what, value, null);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException or NotSupportedException)
        {
            throw Mismatch<T>(stackName, what, value, e);
        }
    }

    private static DeploymentException Mismatch<T>(string stackName, string what, JsonNode? value, Exception? inner) =>
        new(stackName, $"the {what} is {value?.ToJsonString() ?? "null"}, which does not convert to {TypeName(typeof(T))}.", [], inner);

    private static string TypeName(Type type) =>
        type.IsGenericType
            ? $"{type.Name[..type.Name.IndexOf('`')]}<{string.Join(", ", type.GetGenericArguments().Select(TypeName))}>"
            : type.Name;
}
