using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using System.Threading;
using System.Threading.Tasks;
using MistralTemplates.Engine.Running;

namespace MistralTemplates.Engine.Actions;

/// <summary>An action the host provides in C#, with its input bound to a type through System.Text.Json.</summary>
internal sealed class HostAction
{
    private readonly Func<JsonObject, CancellationToken, Task<JsonNode?>> _invoke;

    private HostAction(string name, ActionParameters? parameters, Func<JsonObject, CancellationToken, Task<JsonNode?>> invoke)
    {
        Name = name;
        Parameters = parameters;
        _invoke = invoke;
    }

    public string Name { get; }

    /// <summary>The names the input type declares, or null when it takes any map (a dictionary or JSON object).</summary>
    public ActionParameters? Parameters { get; }

    public static JsonSerializerOptions DefaultJson() => new(JsonSerializerDefaults.General)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        RespectRequiredConstructorParameters = true,
        TypeInfoResolver = new DefaultJsonTypeInfoResolver(),
    };

    public static HostAction Create<TInput, TOutput>(string name, JsonSerializerOptions json, Func<TInput, CancellationToken, Task<TOutput>> handler)
    {
        json.MakeReadOnly();
        return new HostAction(name, ParametersOf(json.GetTypeInfo(typeof(TInput)), json), async (input, cancellationToken) =>
        {
            var bound = input.Deserialize<TInput>(json)!;
            var output = await handler(bound, cancellationToken).ConfigureAwait(false);
            return JsonSerializer.SerializeToNode(output, json);
        });
    }

    public async Task<ActionOutcome> RunAsync(IReadOnlyDictionary<string, object?> input, string actionExecutionId, CancellationToken cancellationToken)
    {
        if (Parameters?.Check(Name, input) is { } refusal) return ActionOutcome.InvalidInput(refusal);
        var map = ExpressionValues.ToJsonObject(input.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal));
        try
        {
            return ActionOutcome.Ok(ExpressionValues.FromJson(await _invoke(map, cancellationToken).ConfigureAwait(false)));
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (JsonException problem)
        {
            return ActionOutcome.Raised(Name, actionExecutionId, "the input does not fit " + Parameters?.ClassName + ": " + problem.Message);
        }
        catch (Exception problem)
        {
            return ActionOutcome.Raised(Name, actionExecutionId, problem.GetType().Name + ": " + problem.Message);
        }
    }

    // Required: `required` members and constructor parameters without a default; the rest are optional.
    private static ActionParameters? ParametersOf(JsonTypeInfo type, JsonSerializerOptions json)
    {
        if (type.Kind != JsonTypeInfoKind.Object) return null;
        var policy = json.PropertyNamingPolicy;
        // System.Text.Json binds through the public parameterless constructor, else the only public one.
        var constructors = type.Type.GetConstructors();
        var bindingConstructor = constructors.Any(c => c.GetParameters().Length == 0) || constructors.Length != 1 ? null : constructors[0];
        var required = (bindingConstructor?.GetParameters() ?? [])
            .Where(p => !p.HasDefaultValue)
            .Select(p => policy?.ConvertName(p.Name!) ?? p.Name!)
            .Concat(type.Properties.Where(p => p.IsRequired).Select(p => p.Name))
            .Distinct(StringComparer.Ordinal).ToList();
        var optional = type.Properties.Select(p => p.Name).Where(n => !required.Contains(n)).ToList();
        return new ActionParameters(type.Type.FullName ?? type.Type.Name, required, optional);
    }
}
