using MistralTemplates.Language.Hot.Evaluation;
using static MistralTemplates.Language.Tests.Hot.Evaluation.EvaluationKit;

namespace MistralTemplates.Language.Tests.Hot.Evaluation;

/// <summary>Values printed as Python prints them, which is what Heat puts into text.</summary>
public class PythonTextTests
{
    [Theory]
    [InlineData(1.0, "1.0")]
    [InlineData(1e16, "1e+16")]
    [InlineData(1e15, "1000000000000000.0")]
    [InlineData(1e-5, "1e-05")]
    [InlineData(0.0001, "0.0001")]
    [InlineData(123.456, "123.456")]
    [InlineData(-0.0, "-0.0")]
    [InlineData(1.5e300, "1.5e+300")]
    [InlineData(100.0, "100.0")]
    [InlineData(0.30000000000000004, "0.30000000000000004")]
    [InlineData(5e-324, "5e-324")]
    [InlineData(double.PositiveInfinity, "inf")]
    public void Floats_print_as_Pythons_repr(double value, string expected) => Assert.Equal(expected, PythonText.Float(value));

    [Fact]
    public void Lists_and_mappings_print_as_their_repr() =>
        Assert.Equal("['a', \"b'c\", 1, 1.0, None, True, {'k': 'v'}]",
            PythonText.Str(L("a", "b'c", 1L, 1.0, null, true, M(("k", "v")))));

    [Fact]
    public void JSON_is_written_as_json_dumps_with_sorted_keys() =>
        Assert.Equal("{\"a\": \"\\u00e9\\\"\\n\", \"b\": [1, 2.0, null, true]}",
            PythonJson.Dumps(M(("b", L(1L, 2.0, null, true)), ("a", "é\"\n")), out _));

    [Fact]
    public void An_empty_placeholder_in_Pythons_replace_goes_between_every_character() =>
        Assert.Equal("-a-b-", PythonText.Replace("ab", "", "-"));
}
