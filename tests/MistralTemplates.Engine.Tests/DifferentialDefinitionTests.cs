using System;
using System.Linq;
using System.Threading.Tasks;
using MistralTemplates.Mistral.Http;
using MistralTemplates.Mistral.Tests.Infrastructure;
using Xunit.Abstractions;

namespace MistralTemplates.Engine.Tests;

/// <summary>The same definitions script on the embedded engine and on the real server gives the same outcomes.</summary>
[Collection(MistralServerCollection.Name)]
public sealed class DifferentialDefinitionTests(MistralServer server, ITestOutputHelper output)
{
    [MistralFact]
    public async Task The_engine_and_the_real_server_agree_on_every_step_of_the_definitions_script()
    {
        var suffix = Guid.NewGuid().ToString("N")[..8];
        using var client = new MistralClient(server.ClientOptions());
        var real = await new DefinitionsScript(client, suffix).RunAsync();
        using var engine = new TempEngine();
        var embedded = await new DefinitionsScript(engine.Service, suffix).RunAsync();

        var differences = real.Zip(embedded).Where(p => p.First != p.Second).ToList();
        output.WriteLine($"{real.Count - differences.Count} of {real.Count} steps agree");
        foreach (var line in embedded) output.WriteLine(line);
        foreach (var (first, second) in differences) output.WriteLine($"server: {first}\nengine: {second}");
        Assert.Equal(real.Count, embedded.Count);
        Assert.Equal(real, embedded);
    }
}
