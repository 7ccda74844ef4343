using System;
using MistralTemplates.Language.Cron;

namespace MistralTemplates.Language.Tests.Resources;

public class CronPatternTests
{
    [Theory]
    [InlineData("1 0 * * *")]
    [InlineData("*/5 * * * *")]
    [InlineData("0 9-17 * * mon-fri")]
    [InlineData("0 0 1 jan,jul *")]
    [InlineData("0 0 * * 7")]
    [InlineData("* * * * * 30")]
    [InlineData("@daily")]
    [InlineData("@hourly")]
    public void Accepts_what_croniter_accepts(string pattern) => Assert.Null(CronPattern.Validate(pattern));

    [Theory]
    [InlineData("61 * * * *", 0, 2, "minute")]
    [InlineData("0 24 * * *", 2, 4, "hour")]
    [InlineData("0 0 32 * *", 4, 6, "day-of-month")]
    [InlineData("0 0 * 0 *", 6, 7, "month")]
    [InlineData("0 0 * * 8", 8, 9, "day-of-week")]
    [InlineData("0 0 * * * 60", 10, 12, "second")]
    [InlineData("*/0 * * * *", 0, 3, "minute")]
    public void Locates_the_wrong_field(string pattern, int start, int end, string field)
    {
        var error = CronPattern.Validate(pattern);
        Assert.NotNull(error);
        Assert.Equal((start, end), (error!.Start, error.End));
        Assert.Contains($"the {field} field", error.Message);
    }

    [Theory]
    [InlineData("", 0, 0)]
    [InlineData("* * * *", 0, 7)]
    [InlineData("0 0 1 1 * 2030 5", 0, 16)]
    [InlineData("@sometimes", 0, 10)]
    public void Rejects_wrong_shapes_over_the_whole_pattern(string pattern, int start, int end)
    {
        var error = CronPattern.Validate(pattern);
        Assert.NotNull(error);
        Assert.Equal((start, end), (error!.Start, error.End));
    }

    [Fact]
    public void Next_occurrence_follows_the_pattern_in_utc()
    {
        Assert.True(CronPattern.TryParse("1 0 * * *", out var pattern, out _));
        var next = pattern!.NextOccurrence(new DateTime(2030, 1, 31, 12, 0, 0, DateTimeKind.Utc));
        Assert.Equal(new DateTime(2030, 2, 1, 0, 1, 0, DateTimeKind.Utc), next);
    }

    [Fact]
    public void Six_fields_put_seconds_last_as_croniter_does()
    {
        Assert.True(CronPattern.TryParse("5 * * * * 30", out var pattern, out _));
        var next = pattern!.NextOccurrence(new DateTime(2030, 1, 1, 0, 0, 0, DateTimeKind.Utc));
        Assert.Equal(new DateTime(2030, 1, 1, 0, 5, 30, DateTimeKind.Utc), next);
    }
}
