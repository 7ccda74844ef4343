using System.Collections.Generic;
using System.Linq;
using MistralTemplates.Language.Diagnostics;
using MistralTemplates.Language.Hot;
using static MistralTemplates.Language.Tests.Hot.HotTestKit;

namespace MistralTemplates.Language.Tests.Hot;

public class JsonTextTests
{
    [Fact]
    public void Reads_objects_lists_and_scalars()
    {
        Assert.True(JsonText.TryParse(" {\"a\": [1, 2.5, true, null, \"x\\n\"], \"b\": {}, \"c\": []} ", out var value, out _));
        var map = Assert.IsType<Dictionary<string, object?>>(value);
        Assert.Equal(new object?[] { 1.0, 2.5, true, null, "x\n" }, (List<object?>)map["a"]!);
        Assert.Empty((Dictionary<string, object?>)map["b"]!);
        Assert.Empty((List<object?>)map["c"]!);
    }

    [Theory]
    [InlineData("{\"a\": 1,}")]
    [InlineData("[1 2]")]
    [InlineData("{a: 1}")]
    [InlineData("\"open")]
    [InlineData("[1] x")]
    public void Rejects_broken_text(string text)
    {
        Assert.False(JsonText.TryParse(text, out _, out var error));
        Assert.NotNull(error);
    }

    [Fact]
    public void Deep_nesting_is_refused_without_recursion()
    {
        Assert.False(JsonText.TryParse(new string('[', 100000), out _, out var error));
        Assert.Contains("nested too deeply", error);
    }

    [Fact]
    public void Json_default_written_as_text_must_be_json_and_meets_length()
    {
        var bad = Analyze(Lines("heat_template_version: 2018-08-31", "parameters:", "  p:", "    type: json", "    default: '{a: 1}'"));
        AssertOnly(bad, DiagnosticCatalog.DefaultWrongType, 4, 13, 4, 21);
        var tooShort = Analyze(Lines("heat_template_version: 2018-08-31", "parameters:", "  p:", "    type: json",
            "    default: '{\"a\": 1}'", "    constraints: [{length: {min: 2}}]"));
        var d = AssertOnly(tooShort, DiagnosticCatalog.DefaultBreaksConstraint, 4, 13, 4, 23);
        Assert.Contains("length (1)", d.Message);
    }
}
