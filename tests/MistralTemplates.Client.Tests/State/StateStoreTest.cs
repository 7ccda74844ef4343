using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using MistralTemplates.Mistral.Http;
using MistralTemplates.Mistral.Tests.Infrastructure;
using MistralTemplates.State;

namespace MistralTemplates.Mistral.Tests.State;

/// <summary>
/// Base of the state tests on the real server. Every test works on its own stack names and removes every
/// environment they left at the end, whatever the outcome.
/// </summary>
[Collection(MistralServerCollection.Name)]
public abstract class StateStoreTest : IAsyncLifetime
{
    private readonly List<string> _stacks = new();

    protected StateStoreTest(MistralServer server)
    {
        Server = server;
        Client = new MistralClient(server.ClientOptions());
    }

    protected MistralServer Server { get; }

    protected MistralClient Client { get; }

    /// <summary>A stack name no other test uses; its environments are deleted after the test.</summary>
    protected string NewStack(string prefix = "st")
    {
        var stack = MistralServer.UniqueName(prefix);
        _stacks.Add(stack);
        return stack;
    }

    protected MistralEnvironmentStateStore NewStore(MistralStateStoreOptions? options = null, IWorkflowService? service = null) =>
        new(service ?? Client, options);

    /// <summary>The names of every environment that mentions <paramref name="stack"/>.</summary>
    protected async Task<List<string>> EnvironmentsOfAsync(string stack)
    {
        var names = new List<string>();
        await foreach (var environment in Client.Environments.ListAsync(
                           new ListQuery { Fields = ["name"] }.Where("name", FilterOperator.Has, stack)))
            names.Add(environment.Name);
        return names;
    }

    protected static StackRecord NewRecord(string stack, int version = 1) => new()
    {
        StackName = stack,
        StackId = Guid.NewGuid(),
        Version = version,
        TemplatePath = "hello.yaml",
        TemplateHash = TemplateHash.Of("heat_template_version: 2021-04-16\n"),
        Status = LifecycleStatus.CreateInProgress,
        CreatedAt = new DateTimeOffset(2026, 11, 27, 13, 33, 55, TimeSpan.Zero),
        UpdatedAt = new DateTimeOffset(2026, 11, 27, 13, 33, 55, TimeSpan.Zero),
    };

    protected static JsonElement Json(string text) => JsonDocument.Parse(text).RootElement.Clone();

    protected static string Serialized(StackRecord record) =>
        JsonSerializer.Serialize(record, StackStateJsonContext.Default.StackRecord);

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var stack in _stacks)
        {
            foreach (var name in (await EnvironmentsOfAsync(stack)).Where(n => n.Contains(stack, StringComparison.Ordinal)))
            {
                try
                {
                    await Client.Environments.DeleteAsync(name);
                }
                catch (MistralNotFoundException)
                {
                }
            }
        }
        Client.Dispose();
    }
}
