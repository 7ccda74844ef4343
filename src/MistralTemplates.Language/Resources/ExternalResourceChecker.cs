using System.Linq;
using MistralTemplates.Language.Diagnostics;
using MistralTemplates.Language.Yaml;

namespace MistralTemplates.Language.Resources;

/// <summary>
/// OS::Mistral::ExternalResource. Its action keys and their {workflow, params} shape come from the
/// schema; this adds what the schema cannot say: <c>replace_on_change_inputs</c> must name inputs.
/// </summary>
public sealed class ExternalResourceChecker : ResourceCheckerBase
{
    public ExternalResourceChecker() : base(ResourceSchemas.ExternalResourceType, order: 10)
    {
    }

    public override void Check(ResourceCheckContext context)
    {
        var properties = context.Resource.Properties;
        if (properties?["replace_on_change_inputs"] is not YamlSequence names) return;
        var input = properties["input"];
        if (input is not null and not YamlScalar { IsNull: true } && TemplateValues.LiteralEntries(input) is null)
            return; // computed input: its keys are known only at deploy time
        var keys = TemplateValues.LiteralEntries(input)?.Select(e => e.KeyText).OfType<string>().ToList() ?? new();
        foreach (var item in names.Items)
            if (item is YamlScalar { IsNull: false } name && !TemplateValues.IsFunctionCall(item) && !keys.Contains(name.Value))
                context.Diagnostics.Add(DiagnosticCatalog.ReplaceOnChangeNotAnInput, name.Span, name.Value, TemplateValues.List(keys));
    }
}
