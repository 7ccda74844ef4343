using System;
using System.Collections.Generic;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using MistralTemplates.Engine.Actions;

namespace MistralTemplates.Engine;

/// <summary>
/// How an embedded engine is set up: chiefly the actions the host provides in C#, so that workflows naming
/// actions such as <c>nova.servers_create</c> run locally in development and tests. The engine reads the options
/// when it opens; actions added afterwards are not seen by it.
/// </summary>
/// <example>
/// <code>
/// var options = new EngineOptions()
///     .AddAction&lt;CreateServer, Server&gt;("nova.servers_create", async (input, ct) =&gt; await fake.CreateAsync(input, ct));
/// using var engine = EmbeddedWorkflowService.Open(".mistral", options);
/// </code>
/// </example>
public sealed class EngineOptions
{
    private readonly Dictionary<string, HostAction> _actions = new(StringComparer.Ordinal);

    /// <summary>
    /// Where the engine says action executions are completed, for std.mistral_http's <c>Mistral-Callback-URL</c>
    /// header (the action execution's URL under it). Without it the header is not sent.
    /// </summary>
    public Uri? CallbackUrl { get; set; }

    /// <summary>
    /// How long a change waits for the state folder's write lock while another process (a command-line verb,
    /// <c>serve</c>, another program) holds it without committing anything, before it fails with
    /// <see cref="StateFolderBusyException"/>. While other processes keep committing (the lock changes hands), a change
    /// waits on, up to ten times this long in all. Reads never wait for it. Default 30 seconds.
    /// </summary>
    public TimeSpan StateBusyTimeout { get; set; } = EngineDatabase.DefaultBusyTimeout;

    /// <summary>
    /// How action input is read into and results are written from the host's types: snake_case names, as workflow
    /// input is written (<c>flavor_ref</c> binds to <c>FlavorRef</c>). Change it before the first AddAction.
    /// </summary>
    public JsonSerializerOptions ActionJson { get; } = HostAction.DefaultJson();

    /// <summary>The names of the actions the host has added.</summary>
    public IReadOnlyCollection<string> ActionNames => _actions.Keys;

    /// <summary>
    /// Adds an asynchronous action. Its input (the task's input map) is bound to <typeparamref name="TInput"/>;
    /// names it does not declare and required ones missing fail the task with Mistral's "Invalid input" message.
    /// What it returns becomes the task's result; an exception fails the task with a message naming the action and
    /// the exception.
    /// </summary>
    public EngineOptions AddAction<TInput, TOutput>(string name, Func<TInput, CancellationToken, Task<TOutput>> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        return Add(HostAction.Create(CheckName(name), ActionJson, handler));
    }

    /// <summary>Adds a synchronous action; see the asynchronous overload for how input and failures are handled.</summary>
    public EngineOptions AddAction<TInput, TOutput>(string name, Func<TInput, TOutput> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        return AddAction<TInput, TOutput>(name, (input, _) => Task.FromResult(handler(input)));
    }

    internal IReadOnlyDictionary<string, HostAction> Actions => _actions;

    private EngineOptions Add(HostAction action)
    {
        _actions.Add(action.Name, action);
        return this;
    }

    private string CheckName(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (name.Trim() != name || name.Contains(' '))
            throw new ArgumentException($"The action name '{name}' has spaces; use a name such as 'nova.servers_create'.", nameof(name));
        if (name.StartsWith("std.", StringComparison.Ordinal))
            throw new ArgumentException($"The action name '{name}' is in the 'std.' namespace, which Mistral's own actions use; choose another prefix.", nameof(name));
        if (_actions.ContainsKey(name))
            throw new ArgumentException($"An action named '{name}' was already added; each name can be added once.", nameof(name));
        return name;
    }
}
