using System.Linq;
using MistralTemplates.Language.Expressions.Yaql;

namespace MistralTemplates.Language.Tests.Expressions.Yaql;

public class YaqlParseCacheTests
{
    [Fact]
    public void The_same_text_is_parsed_once()
    {
        var first = YaqlParseCache.Parse("$.cache_probe.select($ * 2)");
        var second = YaqlParseCache.Parse("$.cache_probe.select($ * 2)");
        Assert.Same(first, second);
        Assert.True(first.Success);
    }

    [Fact]
    public void Texts_built_from_data_cannot_grow_the_cache_without_end()
    {
        foreach (var i in Enumerable.Range(0, YaqlParseCache.Capacity + 100))
            YaqlParseCache.Parse("$.bound_probe + " + i);
        Assert.InRange(YaqlParseCache.Count, 1, YaqlParseCache.Capacity);
        var huge = "1" + string.Concat(Enumerable.Repeat(" + 1", YaqlParseCache.MaxTextLength));
        Assert.NotSame(YaqlParseCache.Parse(huge), YaqlParseCache.Parse(huge));
    }
}
