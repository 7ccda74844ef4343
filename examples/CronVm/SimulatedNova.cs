using System;
using System.Collections.Concurrent;
using System.Threading;
using MistralTemplates.Engine;

namespace CronVm;

/// <summary>
/// A stand-in for OpenStack Nova that the embedded engine runs in this process, so create_vm's nova.* tasks
/// run without a cloud. Servers live in memory: a new one is BUILD, and ACTIVE from the second time it is looked at.
/// </summary>
public sealed class SimulatedNova
{
    private readonly ConcurrentDictionary<string, ServerRecord> _servers = new();

    /// <summary>Adds nova.servers_create, nova.servers_get and nova.servers_find to <paramref name="options"/>.</summary>
    public EngineOptions AddTo(EngineOptions options) => options
        .AddAction<CreateServer, Server>("nova.servers_create", Create)
        .AddAction<GetServer, Server>("nova.servers_get", input => Look(input.Server))
        .AddAction<FindServer, Server>("nova.servers_find", Find);

    private Server Create(CreateServer input)
    {
        var id = Guid.NewGuid().ToString();
        _servers[id] = new ServerRecord(input.Name, input.Image, input.Flavor);
        return new Server(id, input.Name, "BUILD", input.Image, input.Flavor);
    }

    // Like novaclient's find: the server matching every given field, else "not found" (the task's retry asks again).
    private Server Find(FindServer input)
    {
        var server = Look(input.Id);
        if (input.Status is { } status && server.Status != status)
            throw new InvalidOperationException($"No Server matching {{'id': '{input.Id}', 'status': '{status}'}}. (HTTP 404)");
        return server;
    }

    private Server Look(string id)
    {
        if (!_servers.TryGetValue(id, out var record))
            throw new InvalidOperationException($"No server with a name or ID of '{id}' exists.");
        var looks = Interlocked.Increment(ref record.Looks);
        return new Server(id, record.Name, looks >= 2 ? "ACTIVE" : "BUILD", record.Image, record.Flavor);
    }

    private sealed class ServerRecord(string name, string image, string flavor)
    {
        public string Name { get; } = name;
        public string Image { get; } = image;
        public string Flavor { get; } = flavor;
        public int Looks;
    }
}

/// <summary>nova.servers_create's input: the task's <c>name</c>, <c>image</c> and <c>flavor</c>.</summary>
public sealed record CreateServer(string Name, string Image, string Flavor);

/// <summary>nova.servers_get's input: the server's id.</summary>
public sealed record GetServer(string Server);

/// <summary>nova.servers_find's input: the fields the server must match.</summary>
public sealed record FindServer(string Id, string? Status = null);

/// <summary>A server as the nova.* actions return it.</summary>
public sealed record Server(string Id, string Name, string Status, string Image, string Flavor);
