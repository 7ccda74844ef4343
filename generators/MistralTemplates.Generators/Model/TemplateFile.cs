using MistralTemplates.Language.Text;

namespace MistralTemplates.Generators.Model;

/// <summary>One YAML file of the project: its normalized path and its text.</summary>
public sealed record TemplateFile(string Path, string Text);

/// <summary>Every YAML file of the project and the other AdditionalFiles that get_file names, for get_file lookups.</summary>
public sealed record TemplateFileSet(EquatableArray<TemplateFile> Files)
{
    public static TemplateFileSet Empty { get; } = new(EquatableArray<TemplateFile>.Empty);

    /// <summary>
    /// Normalized paths of files that get_file names, that are in the project folder but not in AdditionalFiles:
    /// the compiler cannot read them, and the diagnostic says which line to add.
    /// </summary>
    public EquatableArray<string> UnlistedProjectFiles { get; init; } = EquatableArray<string>.Empty;

    /// <summary>The files of this set at <paramref name="paths"/>; paths not in the set are left out.</summary>
    public TemplateFileSet Subset(EquatableArray<string> paths)
    {
        if (paths.IsEmpty) return Empty;
        var subset = new System.Collections.Generic.List<TemplateFile>();
        foreach (var file in Files)
            if (System.Linq.Enumerable.Contains(paths, file.Path)) subset.Add(file);
        return new TemplateFileSet(subset.ToEquatableArray());
    }
}

/// <summary>
/// The files of the consuming project's folder that the build lists (its None and Content items), as normalized
/// full paths; empty when the build does not say (a project without the package's build props).
/// </summary>
public sealed record ProjectFileList(EquatableArray<string> Paths)
{
    public static ProjectFileList Empty { get; } = new(EquatableArray<string>.Empty);
}

/// <summary>What the build tells the generator about the consuming project.</summary>
public sealed record GeneratorOptions(string RootNamespace, string ProjectDirectory)
{
    public static GeneratorOptions Default { get; } = new("MistralTemplates.Generated", string.Empty);
}

/// <summary>A file and the get_file targets it names, as resolved paths.</summary>
public sealed record FileReferences(TemplateFile File, EquatableArray<string> Paths);

/// <summary>What one file's parse needs: the file and the project files it reads with get_file.</summary>
public sealed record ParseInput(TemplateFile File, TemplateFileSet ReferencedFiles);
