namespace MistralTemplates.Generators;

/// <summary>The names of the pipeline steps, for incremental-generation tests.</summary>
public static class TrackingNames
{
    public const string Options = nameof(Options);
    public const string Files = nameof(Files);
    public const string FileSet = nameof(FileSet);
    public const string References = nameof(References);
    public const string ParseInputs = nameof(ParseInputs);
    public const string Results = nameof(Results);
    public const string Diagnostics = nameof(Diagnostics);
    public const string ReadFiles = nameof(ReadFiles);
    public const string Sources = nameof(Sources);
}
