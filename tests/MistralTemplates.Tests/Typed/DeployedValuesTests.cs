using System;
using System.Collections.Generic;
using System.Text.Json.Nodes;
using MistralTemplates.Deployment;

namespace MistralTemplates.Tests.Typed;

/// <summary>The conversions that output and attribute references make from a deployed stack's JSON to their type.</summary>
public class DeployedValuesTests
{
    [Fact]
    public void Values_convert_to_the_types_references_promise()
    {
        Assert.Equal(new DateTimeOffset(2026, 1, 2, 0, 1, 0, TimeSpan.Zero),
            DeployedValues.Convert<DateTimeOffset?>("s", "attribute", JsonValue.Create("2026-01-02 00:01:00")));
        Assert.Null(DeployedValues.Convert<DateTimeOffset?>("s", "attribute", null));
        Assert.Equal(3, DeployedValues.Convert<int?>("s", "attribute", JsonValue.Create(3)));
        Assert.Equal(new Uri("http://h/x"), DeployedValues.Convert<Uri>("s", "attribute", JsonValue.Create("http://h/x")));
        Assert.Equal("b", DeployedValues.Convert<IReadOnlyDictionary<string, string>>("s", "output", new JsonObject { ["a"] = "b" })["a"]);
        Assert.Equal("""{"k":1}""", DeployedValues.Convert<JsonNode?>("s", "output", new JsonObject { ["k"] = 1 })!.ToJsonString());
    }

    [Theory]
    [InlineData("\"three\"", "int?")]
    [InlineData("null", "int")]
    [InlineData("\"relative/path\"", "uri")]
    [InlineData("[1]", "string")]
    public void A_value_of_another_type_throws_a_deployment_exception_that_shows_it(string json, string type)
    {
        var value = JsonNode.Parse(json);

        Action convert = type switch
        {
            "int?" => () => DeployedValues.Convert<int?>("stk", "output 'x'", value),
            "int" => () => DeployedValues.Convert<int>("stk", "output 'x'", value),
            "uri" => () => DeployedValues.Convert<Uri>("stk", "output 'x'", value),
            _ => () => DeployedValues.Convert<string>("stk", "output 'x'", value),
        };

        var error = Assert.Throws<DeploymentException>(convert);
        Assert.StartsWith($"stk: the output 'x' is {value?.ToJsonString() ?? "null"}, which does not convert to ", error.Message);
    }

    [Fact]
    public void A_path_step_that_leads_nowhere_names_the_step()
    {
        var error = Assert.Throws<DeploymentException>(() => DeployedValues.Step("stk", "attribute a", new JsonObject { ["x"] = 1 }, "y"));

        Assert.Contains("has no 'y'", error.Message);
        Assert.Equal(2, DeployedValues.Step("stk", "attribute a", new JsonArray(1, 2), "1")!.GetValue<int>());
    }
}
