using System.Collections.Generic;
using MistralTemplates.Language.Diagnostics;

namespace MistralTemplates.Language;

public static partial class TemplateAnalyzer
{
    public static TemplateAnalysis Analyze(string path, string text, ITemplateFileProvider files) =>
        new(path, TemplateFileKind.None, null, null, new List<TemplateDiagnostic>(), new Dictionary<string, string>());
}
