using System;
using System.Linq;
using System.Net;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace MistralTemplates.Mistral.Tests.Faults;

/// <summary>Kestrel on 127.0.0.1 with a port the OS picks, HTTP/1.1 only, one handler and no logging.</summary>
internal static class LoopbackServer
{
    /// <summary>Starts the server; <paramref name="listen"/> adds to the listener (HTTPS, for one).</summary>
    public static async Task<(WebApplication App, Uri Address)> StartAsync(RequestDelegate handler, Action<ListenOptions>? listen = null)
    {
        // The empty builder brings no configuration files, logging or routing: only what a test server needs.
        WebApplicationBuilder builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Listen(IPAddress.Loopback, 0, options =>
            {
                options.Protocols = HttpProtocols.Http1;
                listen?.Invoke(options);
            });
        });
        WebApplication app = builder.Build();
        app.Run(handler);
        await app.StartAsync();
        // Port 0 is resolved only once Kestrel is bound; the address list then holds the real port.
        return (app, new Uri(app.Urls.Single()));
    }
}
