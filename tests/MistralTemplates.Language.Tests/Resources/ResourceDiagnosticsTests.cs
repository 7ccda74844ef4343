using System.Linq;
using MistralTemplates.Language.Diagnostics;

namespace MistralTemplates.Language.Tests.Resources;

public class ResourceDiagnosticsTests
{
    [Fact]
    public void Resource_and_cron_diagnostics_have_unique_mt4_ids()
    {
        var own = DiagnosticCatalog.All.Where(d => d.Category is "Resource" or "Cron").ToList();
        Assert.True(own.Count >= 20);
        Assert.All(own, d => Assert.Matches("^MT4[0-9]{3}$", d.Id));
        Assert.Equal(own.Count, own.Select(d => d.Id).Distinct().Count());
    }

    [Fact]
    public void Every_message_formats_with_its_arguments()
    {
        foreach (var d in DiagnosticCatalog.All.Where(d => d.Id.StartsWith("MT4")))
        {
            var text = d.Format("a", "b", "c", "d", "e");
            Assert.DoesNotContain("{0}", text);
            Assert.False(text.EndsWith(" a, b, c, d, e"), d.Id + " has a broken message format: " + d.MessageFormat);
        }
    }
}
