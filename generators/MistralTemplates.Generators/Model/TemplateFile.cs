using MistralTemplates.Language.Text;

namespace MistralTemplates.Generators.Model;

/// <summary>One YAML file of the project: its normalized path and its text.</summary>
public sealed record TemplateFile(string Path, string Text);

/// <summary>Every YAML file of the project, for get_file lookups.</summary>
public sealed record TemplateFileSet(EquatableArray<TemplateFile> Files)
{
    public static TemplateFileSet Empty { get; } = new(EquatableArray<TemplateFile>.Empty);
}

/// <summary>What the build tells the generator about the consuming project.</summary>
public sealed record GeneratorOptions(string RootNamespace, string ProjectDirectory)
{
    public static GeneratorOptions Default { get; } = new("MistralTemplates.Generated", string.Empty);
}
