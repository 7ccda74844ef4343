using System.Collections.Generic;
using System.Text.Json.Nodes;
using MistralTemplates.Engine.Running;

namespace MistralTemplates.Engine.Tests;

public sealed class ExpressionValuesTests
{
    [Fact]
    public void Json_integers_stay_integers_and_fractions_stay_floats()
    {
        var values = (Dictionary<string, object?>)ExpressionValues.FromJson(JsonNode.Parse("""{"whole": 7, "made": 0, "real": 2.5, "big": 1e300}"""))!;
        Assert.IsType<long>(values["whole"]);
        Assert.Equal(7L, values["whole"]);
        Assert.IsType<double>(values["real"]);
        Assert.IsType<double>(values["big"]);

        // A node built from an int in code reads the same as parsed text.
        Assert.Equal(7L, ExpressionValues.FromJson(new JsonObject { ["n"] = 7 }) is Dictionary<string, object?> built ? built["n"] : null);
        Assert.Equal("7", ExpressionValues.Str(ExpressionValues.FromJson(JsonValue.Create(7))));
    }
}
