using System.Collections.Generic;
using MistralTemplates.Language.Hot;
using MistralTemplates.Language.Text;

namespace MistralTemplates.Language.Tests.Hot;

/// <summary>The constraint rules themselves, as Heat's constraints.py applies them to values at run time.</summary>
public class ParameterConstraintTests
{
    private static readonly SourceSpan At = SourceSpan.StartOf("t.yaml");

    [Fact]
    public void Length_counts_code_points_and_list_items()
    {
        var c = new LengthConstraint(2, 3, null, At);
        Assert.Null(c.Check("ab"));
        Assert.Null(c.Check("a\U0001F600"));
        Assert.Equal("length (4) is out of range (min: 2, max: 3)", c.Check("abcd"));
        Assert.NotNull(c.Check(new List<object?> { "x" }));
        Assert.Null(c.Check(new Dictionary<string, object?> { ["a"] = 1.0, ["b"] = 2.0 }));
    }

    [Fact]
    public void Range_includes_both_ends_and_reads_numeric_strings()
    {
        var c = new RangeConstraint(1, 10, null, At);
        Assert.Null(c.Check(1.0));
        Assert.Null(c.Check(10.0));
        Assert.Null(c.Check("5"));
        Assert.Equal("11 is out of range (min: 1, max: 10)", c.Check(11.0));
        Assert.NotNull(new RangeConstraint(null, 0, null, At).Check(0.5));
    }

    [Fact]
    public void Modulo_follows_python_remainder_sign()
    {
        var c = new ModuloConstraint(2, 1, null, At);
        Assert.Null(c.Check(3.0));
        Assert.Null(c.Check(-1.0));
        Assert.Equal("4 is not a multiple of 2 with an offset of 1", c.Check(4.0));
        Assert.Null(new ModuloConstraint(-3, -1, null, At).Check(5.0));
    }

    [Fact]
    public void Allowed_values_convert_to_the_parameter_type()
    {
        Assert.Null(new AllowedValuesConstraint(new object?[] { 1.0, 2.0 }, HotParameterType.Number, null, At).Check("2"));
        Assert.Null(new AllowedValuesConstraint(new object?[] { "yes" }, HotParameterType.Boolean, null, At).Check(true));
        Assert.Null(new AllowedValuesConstraint(new object?[] { 1.0 }, HotParameterType.String, null, At).Check("1"));
        Assert.Equal("\"c\" is not an allowed value [\"a\", \"b\"]",
            new AllowedValuesConstraint(new object?[] { "a", "b" }, HotParameterType.String, null, At).Check("c"));
        var list = new AllowedValuesConstraint(new object?[] { "a", "b" }, HotParameterType.CommaDelimitedList, null, At);
        Assert.Null(list.Check(new List<object?> { "a", "b", "a" }));
        Assert.NotNull(list.Check(new List<object?> { "a", "c" }));
    }

    [Fact]
    public void Allowed_pattern_must_match_the_whole_value_as_python_re_match_does()
    {
        var c = AllowedPatternConstraint.TryCreate("a|ab", null, At, out var error)!;
        Assert.Null(error);
        Assert.Null(c.Check("a"));
        // re.match takes the first alternative ("a"), which does not reach the end: Heat rejects "ab".
        Assert.Equal("\"ab\" does not match pattern \"a|ab\"", c.Check("ab"));
        Assert.NotNull(AllowedPatternConstraint.TryCreate("[0-9]+", null, At, out _)!.Check("x1"));
    }

    [Fact]
    public void Custom_constraints_are_accepted_unchecked()
    {
        Assert.Null(new CustomConstraint("nova.flavor", null, At).Check("anything"));
    }
}
