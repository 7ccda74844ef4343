using MistralTemplates.Language.Diagnostics;
using static MistralTemplates.Language.Tests.Hot.HotTestKit;

namespace MistralTemplates.Language.Tests.Hot;

public class HotVersionTests
{
    [Theory]
    [InlineData("2013-05-23", "2013-05-23", null)]
    [InlineData("2014-10-16", "2014-10-16", null)]
    [InlineData("2015-04-30", "2015-04-30", null)]
    [InlineData("2015-10-15", "2015-10-15", null)]
    [InlineData("2016-04-08", "2016-04-08", null)]
    [InlineData("2016-10-14", "2016-10-14", null)]
    [InlineData("2017-02-24", "2017-02-24", null)]
    [InlineData("2017-09-01", "2017-09-01", null)]
    [InlineData("2018-03-02", "2018-03-02", null)]
    [InlineData("2018-08-31", "2018-08-31", null)]
    [InlineData("2021-04-16", "2021-04-16", null)]
    [InlineData("'2016-10-14'", "2016-10-14", null)]
    [InlineData("newton", "2016-10-14", "newton")]
    [InlineData("ocata", "2017-02-24", "ocata")]
    [InlineData("pike", "2017-09-01", "pike")]
    [InlineData("queens", "2018-03-02", "queens")]
    [InlineData("rocky", "2018-08-31", "rocky")]
    [InlineData("wallaby", "2021-04-16", "wallaby")]
    public void Every_version_and_alias_is_accepted(string written, string date, string? alias)
    {
        var analysis = Analyze(Lines($"heat_template_version: {written}", "resources: {}"));
        AssertClean(analysis);
        Assert.Equal(TemplateFileKind.HeatTemplate, analysis.Kind);
        Assert.Equal(date, analysis.Template!.Version.Date);
        Assert.Equal(alias, analysis.Template.Version.Alias);
    }

    [Fact]
    public void Unknown_version_is_an_error_at_the_value_listing_the_valid_ones()
    {
        var analysis = Analyze(Lines("heat_template_version: 2019-01-01", "resources: {}"));
        var d = AssertOnly(analysis, DiagnosticCatalog.UnknownHotVersion, 0, 23, 0, 33);
        Assert.Contains("2021-04-16", d.Message);
        Assert.Contains("wallaby", d.Message);
        Assert.Null(analysis.Template);
    }
}
