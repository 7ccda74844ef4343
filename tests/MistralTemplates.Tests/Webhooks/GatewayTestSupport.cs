using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using MistralTemplates.Mistral;
using MistralTemplates.State;
using Microsoft.Extensions.Logging;

namespace MistralTemplates.Tests.Webhooks;

/// <summary>A clock that stands still unless moved.</summary>
internal sealed class FixedClock(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;

    public override DateTimeOffset GetUtcNow() => Now;
}

/// <summary>Keeps every line the gateway logs.</summary>
internal sealed class LogLines : ILoggerProvider
{
    public ConcurrentQueue<string> All { get; } = new();

    public ILogger CreateLogger(string categoryName) => new Lines(All);

    public void Dispose()
    {
    }

    private sealed class Lines(ConcurrentQueue<string> all) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            all.Enqueue(formatter(state, exception));
    }
}

/// <summary>A store whose reads wait at a gate once it is closed: a request held in flight.</summary>
internal sealed class GatedStore(IStackStateStore inner) : IStackStateStore
{
    private TaskCompletionSource _gate = Opened();
    public TaskCompletionSource Entered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Close() => _gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Open() => _gate.TrySetResult();

    private static TaskCompletionSource Opened()
    {
        var open = new TaskCompletionSource();
        open.SetResult();
        return open;
    }

    public async Task<StackRecord?> GetAsync(string stack, CancellationToken cancellationToken = default)
    {
        Entered.TrySetResult();
        await _gate.Task.WaitAsync(cancellationToken);
        return await inner.GetAsync(stack, cancellationToken);
    }

    public Task<IReadOnlyList<StackRecord>> ListAsync(CancellationToken cancellationToken = default) => inner.ListAsync(cancellationToken);

    public Task SaveAsync(StackRecord record, CancellationToken cancellationToken = default) => inner.SaveAsync(record, cancellationToken);

    public Task DeleteAsync(string stack, CancellationToken cancellationToken = default) => inner.DeleteAsync(stack, cancellationToken);

    public Task<IStackLock> AcquireLockAsync(string stack, string holder, TimeSpan lease, CancellationToken cancellationToken = default) =>
        inner.AcquireLockAsync(stack, holder, lease, cancellationToken);

    public Task<IStackLock> BreakLockAsync(string stack, string holder, TimeSpan lease, CancellationToken cancellationToken = default) =>
        inner.BreakLockAsync(stack, holder, lease, cancellationToken);

    public Task<bool> LockExistsAsync(string stack, CancellationToken cancellationToken = default) => inner.LockExistsAsync(stack, cancellationToken);
}

internal static class GatewayRequests
{
    /// <summary>What Aodh posts to an alarm action when the alarm fires.</summary>
    public const string AodhNotification = """
        {"alarm_id": "0c5a1d5c", "alarm_name": "cpu", "current": "alarm", "previous": "ok", "severity": "low",
         "reason": "Transition to alarm due to 1 samples outside threshold", "reason_data": {"type": "threshold", "most_recent": 12.5}}
        """;

    public static async Task<(int Status, JsonNode? Body)> PostAsync(this HttpClient http, string url, string body)
    {
        using var response = await http.PostAsync(url, new StringContent(body, Encoding.UTF8, "application/json"));
        var text = await response.Content.ReadAsStringAsync();
        return ((int)response.StatusCode, text.Length == 0 ? null : JsonNode.Parse(text));
    }

    /// <summary>A body sent chunked, without a Content-Length, so only reading it shows its size.</summary>
    public static async Task<int> PostChunkedAsync(this HttpClient http, string url, byte[] body)
    {
        var content = new StreamContent(new UnknownLengthStream(body));
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        using var response = await http.PostAsync(url, content);
        return (int)response.StatusCode;
    }

    public static async Task<List<Execution>> ExecutionsOfAsync(this IWorkflowService service, IReadOnlyList<string> workflows)
    {
        var found = new List<Execution>();
        await foreach (var execution in service.Executions.ListAsync(new ExecutionQuery { WorkflowNames = workflows.ToList() }))
            found.Add(execution);
        return found;
    }

    public static string FindExample(string name, string file)
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "MistralTemplates.sln"))) directory = directory.Parent;
        return File.ReadAllText(Path.Combine(directory?.FullName ?? throw new InvalidOperationException("MistralTemplates.sln not found"), "examples", name, file));
    }

    private sealed class UnknownLengthStream(byte[] data) : MemoryStream(data)
    {
        public override bool CanSeek => false;
    }
}
