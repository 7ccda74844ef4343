using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Net.Http;
using System.Threading.Tasks;
using MistralTemplates.Deployment;
using MistralTemplates.Mistral.Http;
using MistralTemplates.Mistral.Tests.Infrastructure;
using MistralTemplates.State;
using MistralTemplates.Webhooks;
using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace MistralTemplates.Tests.Webhooks;

/// <summary>500 signed deliveries from 20 concurrent clients: every one starts its own execution, none is lost.</summary>
[Collection(MistralServerCollection.Name)]
public sealed class SignalGatewayLoadTests(MistralServer server, ITestOutputHelper output)
{
    private const string Template = """
        heat_template_version: 2016-10-14
        resources:
          workflow:
            type: OS::Mistral::Workflow
            properties:
              definition: |
                noop:
                  tasks:
                    t:
                      action: std.noop
        """;

    [MistralFact]
    public async Task Five_hundred_deliveries_from_twenty_clients_start_five_hundred_executions()
    {
        const int Clients = 20;
        const int PerClient = 25;
        using var mistral = new MistralClient(new MistralClientOptions { Endpoint = server.Endpoint });
        var store = new MistralEnvironmentStateStore(mistral);
        await using var gateway = SignalGateway.Create(mistral, store, new SignalGatewayOptions { Urls = ["http://127.0.0.1:0"] },
            logging => logging.SetMinimumLevel(LogLevel.Warning));
        await gateway.StartAsync();
        var stack = MistralServer.UniqueName("hookload");
        var deployer = new StackDeployer(mistral, store);
        var deployed = await deployer.DeployAsync(new StackTemplate("load.yaml", Template), stack, new Dictionary<string, string>(),
            new DeployOptions { PublicUrl = new Uri(gateway.Urls.Single()) });
        try
        {
            var url = (await deployer.GetAttributeAsync(stack, "workflow", "alarm_url"))!.GetValue<string>();
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(60) };
            var latencies = new ConcurrentBag<double>();
            var ids = new ConcurrentBag<string>();
            var statuses = new ConcurrentBag<int>();
            var clock = Stopwatch.StartNew();
            await Task.WhenAll(Enumerable.Range(0, Clients).Select(client => Task.Run(async () =>
            {
                for (var i = 0; i < PerClient; i++)
                {
                    var started = Stopwatch.GetTimestamp();
                    var (status, body) = await http.PostAsync(url, $$"""{"current": "alarm", "delivery": {{client * PerClient + i}}}""");
                    latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                    statuses.Add(status);
                    if (body?["execution_id"] is { } id) ids.Add(id.GetValue<string>());
                }
            })));
            var elapsed = clock.Elapsed;

            Assert.All(statuses, status => Assert.Equal(202, status));
            Assert.Equal(Clients * PerClient, ids.Distinct().Count());
            var listed = await mistral.ExecutionsOfAsync(deployed.Record.Resources["workflow"].Workflows);
            Assert.Equal(ids.Order(StringComparer.Ordinal), listed.Select(e => e.Id).Order(StringComparer.Ordinal));

            var sorted = latencies.Order().ToList();
            output.WriteLine($"{sorted.Count} deliveries in {elapsed.TotalSeconds:F1} s: p50 {Percentile(sorted, 0.50):F0} ms, " +
                             $"p99 {Percentile(sorted, 0.99):F0} ms, max {sorted[^1]:F0} ms");
        }
        finally
        {
            await deployer.DestroyAsync(stack, new DeployOptions { DeleteExecutions = true });
        }
    }

    private static double Percentile(IReadOnlyList<double> sorted, double fraction) =>
        sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(fraction * sorted.Count) - 1)];
}
