using System;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using MistralTemplates.Mistral.Cloud;

namespace MistralTemplates.Client.Tests.Cloud;

/// <summary>How Mistral's endpoint is chosen from a token's catalog, and what is said when none fits.</summary>
public sealed class ServiceCatalogTests
{
    private static Uri Find(string catalogJson, string? region = null, string? @interface = null) =>
        ServiceCatalog.Parse(JsonDocument.Parse($$"""{"catalog": {{catalogJson}}}""").RootElement)
            .FindWorkflowEndpoint(region, @interface, "Cloud 'c'", "/v3/auth/tokens");

    [Fact]
    public void Workflowv2_is_preferred_over_workflow()
    {
        var catalog = FakeKeystone.Catalog(("workflow", "R1", "public", "http://old.test"), ("workflowv2", "R1", "public", "http://v2.test"));

        Assert.Equal(new Uri("http://v2.test"), Find(catalog));
    }

    [Fact]
    public void Workflow_is_used_when_there_is_no_workflowv2()
    {
        Assert.Equal(new Uri("http://old.test"), Find(FakeKeystone.Catalog(("workflow", "R1", "public", "http://old.test"))));
    }

    [Fact]
    public void The_public_interface_is_the_default_and_another_can_be_asked_for()
    {
        var catalog = FakeKeystone.Catalog(("workflowv2", "R1", "internal", "http://internal.test"), ("workflowv2", "R1", "public", "http://public.test"),
            ("workflowv2", "R1", "admin", "http://admin.test"));

        Assert.Equal(new Uri("http://public.test"), Find(catalog));
        Assert.Equal(new Uri("http://internal.test"), Find(catalog, @interface: "internal"));
        Assert.Equal(new Uri("http://admin.test"), Find(catalog, @interface: "adminURL"));
    }

    [Fact]
    public void The_region_chooses_the_endpoint()
    {
        var catalog = FakeKeystone.Catalog(("workflowv2", "RegionOne", "public", "http://one.test"), ("workflowv2", "RegionTwo", "public", "http://two.test"));

        Assert.Equal(new Uri("http://one.test"), Find(catalog, "RegionOne"));
        Assert.Equal(new Uri("http://two.test"), Find(catalog, "RegionTwo"));
    }

    [Fact]
    public void Several_regions_and_none_chosen_is_refused_naming_them()
    {
        var catalog = FakeKeystone.Catalog(("workflowv2", "RegionOne", "public", "http://one.test"), ("workflowv2", "RegionTwo", "public", "http://two.test"));

        var refused = Assert.Throws<KeystoneCatalogException>(() => Find(catalog));

        Assert.Contains("several regions (RegionOne, RegionTwo)", refused.Message);
        Assert.Contains("OS_REGION_NAME", refused.Message);
    }

    [Fact]
    public void An_unknown_region_is_refused_listing_the_known()
    {
        var catalog = FakeKeystone.Catalog(("workflowv2", "RegionOne", "public", "http://one.test"), ("workflowv2", "RegionTwo", "public", "http://two.test"));

        var refused = Assert.Throws<KeystoneCatalogException>(() => Find(catalog, "RegionThree"));

        Assert.Contains("no endpoint in region 'RegionThree'", refused.Message);
        Assert.Contains("RegionOne, RegionTwo", refused.Message);
    }

    [Fact]
    public void A_catalog_without_a_workflow_service_is_refused_listing_its_types()
    {
        var catalog = FakeKeystone.Catalog(("identity", "R1", "public", "http://keystone.test"), ("compute", "R1", "public", "http://nova.test"));

        var refused = Assert.Throws<KeystoneCatalogException>(() => Find(catalog));

        Assert.Contains("no workflow service", refused.Message);
        Assert.Contains("it has: compute, identity", refused.Message);
        Assert.StartsWith("Cloud 'c'", refused.Message);
    }

    [Fact]
    public void A_missing_interface_is_refused_listing_the_ones_there()
    {
        var catalog = FakeKeystone.Catalog(("workflowv2", "R1", "internal", "http://internal.test"), ("workflowv2", "R1", "admin", "http://admin.test"));

        var refused = Assert.Throws<KeystoneCatalogException>(() => Find(catalog));

        Assert.Contains("no public endpoint", refused.Message);
        Assert.Contains("admin, internal", refused.Message);
    }

    [Fact]
    public async Task A_client_reports_a_catalog_without_Mistral_on_its_first_call_and_makes_no_Mistral_request()
    {
        var keystone = new FakeKeystone { CatalogJson = FakeKeystone.Catalog(("identity", "R1", "public", "http://keystone.test")) };
        using var client = keystone.Client(keystone.Cloud());
        Assert.Null(client.Endpoint);

        var refused = await Assert.ThrowsAsync<KeystoneCatalogException>(() => client.Workflows.ListAsync().ToListAsync().AsTask());

        Assert.Contains("it has: identity", refused.Message);
        Assert.Empty(keystone.MistralRequests);
        Assert.Null(client.Endpoint);
    }
}
