using MistralTemplates.Language.Expressions.Jinja;
using MistralTemplates.Language.Expressions.Yaql;

namespace MistralTemplates.Language.Tests.Expressions;

public class ReferenceVerdictTests
{
    [Theory]
    [MemberData(nameof(ReferenceVerdicts.Yaql), MemberType = typeof(ReferenceVerdicts))]
    public void Yaql_agrees_with_the_reference_engine(string text, bool accepted, int offset, string message)
    {
        var error = YaqlParser.Parse(text).Error;
        Assert.Equal(accepted, error is null);
        if (accepted) return;
        Assert.Equal(message, error!.Message);
        Assert.Equal(offset < 0 ? text.Length : offset, error.Offset);
    }

    [Theory]
    [MemberData(nameof(ReferenceVerdicts.Jinja), MemberType = typeof(ReferenceVerdicts))]
    public void Jinja_agrees_with_the_reference_engine(string text, bool accepted, string message)
    {
        var error = JinjaTemplate.Check(text).Error;
        Assert.Equal(accepted, error is null);
        if (!accepted) Assert.Equal(message, error!.Message.TrimEnd('.'));
    }
}
