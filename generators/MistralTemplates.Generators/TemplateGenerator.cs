using Microsoft.CodeAnalysis;

namespace MistralTemplates.Generators;

/// <summary>Turns the project's HOT templates and Mistral DSL files into typed C# classes and located diagnostics.</summary>
[Generator(LanguageNames.CSharp)]
public sealed class TemplateGenerator : IIncrementalGenerator
{
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
    }
}
