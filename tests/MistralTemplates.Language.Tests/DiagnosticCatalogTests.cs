using System;
using System.IO;
using System.Linq;
using System.Text;
using MistralTemplates.Language.Diagnostics;

namespace MistralTemplates.Language.Tests;

public class DiagnosticCatalogTests
{
    private static readonly string DocPath = Path.Combine(RepositoryPaths.Root, "docs", "diagnostics.md");

    [Fact]
    public void Ids_are_unique_and_stay_in_their_area()
    {
        var all = DiagnosticCatalog.All;
        Assert.Equal(all.Count, all.Select(d => d.Id).Distinct().Count());
        foreach (var d in all)
        {
            var area = d.Id.Substring(0, 3);
            var expected = d.Category switch
            {
                "Yaml" => "MT0",
                "Hot" => "MT1",
                "Dsl" => "MT2",
                "Expression" => "MT3",
                "Resource" or "Cron" => "MT4",
                "Generator" => "MT5",
                _ => throw new InvalidOperationException($"{d.Id} has an unknown category '{d.Category}'"),
            };
            Assert.True(area == expected, $"{d.Id} ({d.Category}) should start with {expected}");
            Assert.Matches("^MT[0-9]{4}$", d.Id);
        }
    }

    /// <summary>
    /// docs/diagnostics.md is written from the catalogue. Run the tests with UPDATE_DOCS=1 to rewrite it
    /// after a change; otherwise a stale document fails here.
    /// </summary>
    [Fact]
    public void Documentation_lists_every_diagnostic_as_the_catalogue_defines_it()
    {
        var expected = RenderCatalogue();
        if (Environment.GetEnvironmentVariable("UPDATE_DOCS") == "1") File.WriteAllText(DocPath, expected);
        Assert.True(File.Exists(DocPath), "docs/diagnostics.md is missing; run the tests once with UPDATE_DOCS=1");
        Assert.Equal(expected, File.ReadAllText(DocPath).Replace("\r\n", "\n"));
    }

    private static string RenderCatalogue()
    {
        var text = new StringBuilder();
        text.Append("# Diagnostics\n\n");
        text.Append("Every mistake the compiler finds in a Heat template or Mistral DSL file, with a stable id. ");
        text.Append("Errors fail the build; warnings point at something that probably does not do what it says. ");
        text.Append("The runtime reports the same ids when it reads the same templates.\n\n");
        text.Append("Ids by area: MT0xxx YAML and files, MT1xxx HOT templates, MT2xxx Mistral DSL, ");
        text.Append("MT3xxx expressions, MT4xxx resources and cron triggers, MT5xxx code generation.\n\n");
        text.Append("| Id | Severity | Title |\n|---|---|---|\n");
        foreach (var d in DiagnosticCatalog.All)
            text.Append($"| [{d.Id}](#{d.Id.ToLowerInvariant()}) | {d.Severity} | {d.Title} |\n");
        foreach (var d in DiagnosticCatalog.All)
        {
            text.Append($"\n## {d.Id}\n\n**{d.Title}** ({d.Severity.ToString().ToLowerInvariant()}, {d.Category})\n\n");
            // '<' outside a code span would start an HTML tag in Markdown (MT1039 shows an <AdditionalFiles /> line).
            text.Append($"Message: {d.MessageFormat.Replace("<", "&lt;").Replace("{", "`{").Replace("}", "}`")}\n");
        }
        return text.ToString();
    }
}
