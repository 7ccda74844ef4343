using System;
using System.Linq;
using System.Net;
using System.Threading.Tasks;
using Microsoft.Extensions.DependencyInjection;
using MistralTemplates.Mistral;
using MistralTemplates.Mistral.Http;

namespace MistralTemplates.Client.Tests.Unit;

/// <summary>Registration through IHttpClientFactory builds the same handler chain as plain construction.</summary>
public sealed class DependencyInjectionTests
{
    [Fact]
    public async Task The_registered_service_is_the_client_and_retries_like_it()
    {
        var handler = CannedHandler.InTurn(Answers.ServiceUnavailable(), Answers.FromTranscript(HttpStatusCode.OK, "workflow-get-hello.json"));
        var services = new ServiceCollection();
        services.AddMistralClient(o =>
            {
                o.Endpoint = new Uri("http://mistral.test:8989");
                o.Authentication = MistralAuthentication.StaticToken("t0ken");
                TestClients.Fast(o.Resilience);
            })
            .ConfigurePrimaryHttpMessageHandler(() => handler);
        using var provider = services.BuildServiceProvider();

        var service = provider.GetRequiredService<IWorkflowService>();
        var workflow = await service.Workflows.GetAsync("hello");

        Assert.IsType<MistralClient>(service);
        Assert.Equal("hello", workflow.Name);
        Assert.Equal(2, handler.Requests.Count);
        Assert.All(handler.Requests, r => Assert.Equal("http://mistral.test:8989/v2/workflows/hello", r.Uri.AbsoluteUri));
        Assert.All(handler.Requests, r => Assert.Equal("t0ken", r.Header("X-Auth-Token")));
    }

    [Fact]
    public async Task Lost_first_answers_are_resolved_through_di_too()
    {
        var handler = CannedHandler.InTurn(
            Answers.LostAnswer(),
            Answers.FromTranscript(HttpStatusCode.Conflict, "workflow-create-duplicate.json"),
            Answers.FromTranscript(HttpStatusCode.OK, "workflow-get-hello.json"));
        var services = new ServiceCollection();
        services.AddMistralClient(o => { o.Endpoint = new Uri("http://mistral.test:8989"); TestClients.Fast(o.Resilience); })
            .ConfigurePrimaryHttpMessageHandler(() => handler);
        using var provider = services.BuildServiceProvider();

        var created = await provider.GetRequiredService<IWorkflowService>().Workflows.CreateAsync(Transcript.Read("definition-hello.yaml"));

        Assert.Equal("ba524d5c-1a24-4d0d-82c0-201adb8641e0", Assert.Single(created).Id);
        Assert.Equal(3, handler.Requests.Count);
    }

    [Fact]
    public async Task A_registered_client_for_a_cloud_signs_in_and_finds_Mistral_in_the_catalog()
    {
        var keystone = new Cloud.FakeKeystone();
        var cloud = MistralClientOptions.ForCloud(keystone.Cloud(), keystone.Options());
        var services = new ServiceCollection();
        services.AddMistralClient(o =>
            {
                o.Authentication = cloud.Authentication;
                o.Tls = cloud.Tls;
                TestClients.Fast(o.Resilience);
            })
            .ConfigurePrimaryHttpMessageHandler(() => keystone.Handler);
        using var provider = services.BuildServiceProvider();

        var client = provider.GetRequiredService<MistralClient>();
        Assert.Null(client.Endpoint);
        await client.Workflows.ListAsync().ToListAsync();

        Assert.Single(keystone.TokenRequests);
        Assert.Equal("token-1", Assert.Single(keystone.MistralRequests).Header("X-Auth-Token"));
        Assert.Equal(new Uri("http://mistral.test:8989/v2/"), client.Endpoint);
    }

    [Fact]
    public void One_singleton_serves_both_registrations()
    {
        var services = new ServiceCollection();
        services.AddMistralClient(o => o.Endpoint = new Uri("http://mistral.test:8989"));
        using var provider = services.BuildServiceProvider();

        var client = provider.GetRequiredService<MistralClient>();

        Assert.Same(client, provider.GetRequiredService<IWorkflowService>());
        Assert.Same(client, provider.GetRequiredService<MistralClient>());
        Assert.Equal(new Uri("http://mistral.test:8989/v2/"), client.Endpoint);
    }

    [Fact]
    public async Task The_circuit_is_shared_by_every_call_of_the_application()
    {
        var handler = CannedHandler.InTurn(Answers.ServiceUnavailable());
        var services = new ServiceCollection();
        services.AddMistralClient(o =>
            {
                o.Endpoint = new Uri("http://mistral.test:8989");
                o.Resilience.MaxRetryAttempts = 0;
                o.Resilience.CircuitMinimumThroughput = 2;
            })
            .ConfigurePrimaryHttpMessageHandler(() => handler);
        using var provider = services.BuildServiceProvider();
        var service = provider.GetRequiredService<IWorkflowService>();

        await Assert.ThrowsAsync<MistralUnavailableException>(() => service.Workflows.GetAsync("a"));
        await Assert.ThrowsAsync<MistralUnavailableException>(() => service.Workflows.GetAsync("b"));
        var error = await Assert.ThrowsAsync<MistralUnavailableException>(() => service.Workflows.GetAsync("c"));

        Assert.Contains("circuit is open", error.Message, StringComparison.Ordinal);
        Assert.Equal(2, handler.Requests.Count);
    }
}
