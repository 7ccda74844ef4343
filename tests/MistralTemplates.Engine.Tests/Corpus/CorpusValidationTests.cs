using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using MistralTemplates.Mistral;
using MistralTemplates.Mistral.Http;
using MistralTemplates.Mistral.Tests.Infrastructure;
using Xunit.Abstractions;

namespace MistralTemplates.Engine.Tests.Corpus;

/// <summary>
/// <c>/v2/{workflows,workbooks,actions}/validate</c> agreement: for every DSL file of the corpus the engine gives the
/// verdict a real Mistral 15 recorded in MANIFEST.tsv, and the one the real server gives now.
/// </summary>
[Collection(MistralServerCollection.Name)]
public sealed class CorpusValidationTests(MistralServer server, ITestOutputHelper output)
{
    public static IEnumerable<object[]> DslFiles => CorpusFiles.Dsl.Select(f => new object[] { f.File });

    /// <summary>The validate call of the endpoint a corpus file's kind belongs to.</summary>
    public static Task<DefinitionValidation> ValidateAsync(IWorkflowService service, CorpusFile file) => file.Kind switch
    {
        "workflow" => service.Workflows.ValidateAsync(file.ReadText()),
        "workbook" => service.Workbooks.ValidateAsync(file.ReadText()),
        "action" => service.Actions.ValidateAsync(file.ReadText()),
        _ => throw new ArgumentException($"{file.File} is a {file.Kind}, which has no validate endpoint"),
    };

    [Theory]
    [MemberData(nameof(DslFiles))]
    public async Task The_engine_gives_the_recorded_verdict_of_a_real_Mistral(string name)
    {
        var file = CorpusFiles.Find(name);
        using var engine = new TempEngine();
        var verdict = await ValidateAsync(engine.Service, file);
        Assert.True(verdict.IsValid == file.RecordedValid,
            $"{name}: recorded {file.RecordedVerdict}; engine valid={verdict.IsValid} {verdict.Error}");
    }

    [MistralFact]
    public async Task The_engine_and_the_real_server_agree_on_every_corpus_file()
    {
        using var client = new MistralClient(server.ClientOptions());
        using var engine = new TempEngine();
        var files = CorpusFiles.Dsl;
        var disagreements = new List<string>();
        foreach (var file in files)
        {
            var real = await ValidateAsync(client, file);
            var embedded = await ValidateAsync(engine.Service, file);
            if (real.IsValid != embedded.IsValid || real.IsValid != file.RecordedValid)
                disagreements.Add($"{file.File}: server valid={real.IsValid} ({real.Error}), recorded {file.RecordedVerdict}, engine valid={embedded.IsValid} ({embedded.Error})");
        }
        output.WriteLine($"validation agreement: {files.Count - disagreements.Count} of {files.Count}");
        foreach (var line in disagreements) output.WriteLine(line);
        Assert.True(files.Count > 90, $"only {files.Count} DSL files found in {CorpusFiles.Folder}");
        Assert.Empty(disagreements);
    }
}
