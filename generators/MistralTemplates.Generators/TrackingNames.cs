namespace MistralTemplates.Generators;

/// <summary>The names of the pipeline steps, for incremental-generation tests.</summary>
public static class TrackingNames
{
    public const string Options = nameof(Options);
    /// <summary>The address of the diagnostics page that help links point into.</summary>
    public const string HelpPage = nameof(HelpPage);
    public const string Files = nameof(Files);
    public const string FileSet = nameof(FileSet);
    public const string ReferencedPaths = nameof(ReferencedPaths);
    public const string OtherFiles = nameof(OtherFiles);
    public const string ProjectFiles = nameof(ProjectFiles);
    public const string References = nameof(References);
    public const string ParseInputs = nameof(ParseInputs);
    public const string Results = nameof(Results);
    public const string Diagnostics = nameof(Diagnostics);
    public const string Sources = nameof(Sources);
}
