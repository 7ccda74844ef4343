using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Text.Json;

namespace MistralTemplates.Mistral.Cloud;

/// <summary>One endpoint of a service in a token's catalog.</summary>
internal sealed record CatalogEndpoint(string Interface, string? Region, Uri Url);

/// <summary>One service of a token's catalog.</summary>
internal sealed record CatalogService(string Type, IReadOnlyList<CatalogEndpoint> Endpoints);

/// <summary>
/// The service catalog Keystone returns with a token, and the rules that pick Mistral's endpoint from it, as the
/// <c>openstack</c> client does: service type <c>workflowv2</c>, else <c>workflow</c>; the asked region, or the only
/// one offering the service; the asked interface (<c>public</c> unless told).
/// </summary>
internal sealed class ServiceCatalog(IReadOnlyList<CatalogService> services)
{
    /// <summary>The service types that mean Mistral, preferred first.</summary>
    public static readonly string[] WorkflowServiceTypes = ["workflowv2", "workflow"];

    public IReadOnlyList<CatalogService> Services => services;

    /// <summary>Reads <c>token.catalog</c>; a token without one (it may be left out) gives an empty catalog.</summary>
    public static ServiceCatalog Parse(JsonElement token)
    {
        var services = new List<CatalogService>();
        if (!token.TryGetProperty("catalog", out var catalog) || catalog.ValueKind != JsonValueKind.Array) return new ServiceCatalog(services);
        foreach (var service in catalog.EnumerateArray())
        {
            if (service.ValueKind != JsonValueKind.Object || !service.TryGetProperty("type", out var type) || type.ValueKind != JsonValueKind.String)
                continue;
            var endpoints = new List<CatalogEndpoint>();
            if (service.TryGetProperty("endpoints", out var list) && list.ValueKind == JsonValueKind.Array)
            {
                foreach (var endpoint in list.EnumerateArray())
                {
                    if (endpoint.ValueKind != JsonValueKind.Object) continue;
                    var url = Text(endpoint, "url");
                    if (url is null || !Uri.TryCreate(url, UriKind.Absolute, out var uri)) continue;
                    endpoints.Add(new CatalogEndpoint(NormalizeInterface(Text(endpoint, "interface") ?? "public"),
                        Text(endpoint, "region_id") ?? Text(endpoint, "region"), uri));
                }
            }
            services.Add(new CatalogService(type.GetString()!, endpoints));
        }
        return new ServiceCatalog(services);
    }

    /// <summary>
    /// Mistral's endpoint for <paramref name="region"/> (any, when only one region offers it) and
    /// <paramref name="interface"/>; throws <see cref="KeystoneCatalogException"/> naming what the catalog has instead.
    /// </summary>
    public Uri FindWorkflowEndpoint(string? region, string? @interface, string cloudLabel, string tokensPath)
    {
        var wanted = NormalizeInterface(string.IsNullOrWhiteSpace(@interface) ? "public" : @interface);
        var service = WorkflowServiceTypes
            .Select(type => services.FirstOrDefault(s => string.Equals(s.Type, type, StringComparison.OrdinalIgnoreCase)))
            .FirstOrDefault(s => s is not null);
        if (service is null)
        {
            var types = services.Count == 0 ? "none (the catalog is empty)" : string.Join(", ", services.Select(s => s.Type).Distinct().OrderBy(t => t, StringComparer.Ordinal));
            throw Fail($"{cloudLabel}: the service catalog has no workflow service (type workflowv2 or workflow); " +
                       $"it has: {types}. Ask the cloud's operator whether Mistral is deployed, or give the Mistral endpoint directly.");
        }

        var regions = service.Endpoints.Select(e => e.Region ?? "(none)").Distinct().OrderBy(r => r, StringComparer.Ordinal).ToList();
        IEnumerable<CatalogEndpoint> inRegion;
        if (!string.IsNullOrWhiteSpace(region))
        {
            inRegion = service.Endpoints.Where(e => string.Equals(e.Region, region, StringComparison.Ordinal)).ToList();
            if (!inRegion.Any())
                throw Fail($"{cloudLabel}: the {service.Type} service has no endpoint in region '{region}'; " +
                           $"its regions are: {string.Join(", ", regions)}. Set region_name (OS_REGION_NAME) to one of them.");
        }
        else if (regions.Count > 1)
        {
            throw Fail($"{cloudLabel}: the {service.Type} service is offered in several regions ({string.Join(", ", regions)}); " +
                       "choose one with region_name (OS_REGION_NAME).");
        }
        else
        {
            inRegion = service.Endpoints;
        }

        var match = inRegion.FirstOrDefault(e => e.Interface == wanted);
        if (match is null)
        {
            var interfaces = string.Join(", ", inRegion.Select(e => e.Interface).Distinct().OrderBy(i => i, StringComparer.Ordinal));
            throw Fail($"{cloudLabel}: the {service.Type} service has no {wanted} endpoint" +
                       (string.IsNullOrWhiteSpace(region) ? "" : $" in region '{region}'") +
                       $"; it has: {interfaces}. Set interface (OS_INTERFACE) to one of them.");
        }
        return match.Url;

        KeystoneCatalogException Fail(string message) => new(message, HttpMethod.Post, tokensPath);
    }

    /// <summary><c>publicURL</c> and <c>public</c> mean the same (the old catalog spelled interfaces so).</summary>
    private static string NormalizeInterface(string value)
    {
        var lower = value.Trim().ToLowerInvariant();
        return lower.EndsWith("url", StringComparison.Ordinal) ? lower[..^3] : lower;
    }

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
