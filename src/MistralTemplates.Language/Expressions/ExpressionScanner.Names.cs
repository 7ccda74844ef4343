using System;
using System.Collections.Generic;
using System.Linq;
using MistralTemplates.Language.Diagnostics;
using MistralTemplates.Language.Expressions.Jinja;
using MistralTemplates.Language.Expressions.Yaql;
using MistralTemplates.Language.Text;

namespace MistralTemplates.Language.Expressions;

public static partial class ExpressionScanner
{
    /// <summary>
    /// Warns at each call of a function or method no YAQL library has; <paramref name="offset"/> is where the
    /// expression starts in the scanned text. Names the expression defines itself with <c>def()</c> count as known.
    /// </summary>
    private static void CheckYaqlNames(YaqlExpression root, int offset, SourceMap map, DiagnosticBag diagnostics)
    {
        var calls = new List<YaqlCall>();
        var defined = new HashSet<string>(StringComparer.Ordinal);
        var stack = new Stack<YaqlExpression>();
        stack.Push(root);
        while (stack.Count > 0)
        {
            var node = stack.Pop();
            if (node is YaqlCall call)
            {
                calls.Add(call);
                if (call.Name == "def" && call.Arguments.Count > 0 && DefinedName(call.Arguments[0]) is { } name) defined.Add(name);
            }
            foreach (var child in YaqlTree.Children(node)) stack.Push(child);
        }
        calls.Sort((a, b) => a.Start.CompareTo(b.Start));
        foreach (var call in calls)
        {
            if (defined.Contains(call.Name) || KnownExpressionNames.YaqlFunctions.Contains(call.Name)) continue;
            diagnostics.Add(DiagnosticCatalog.UnknownYaqlFunction, map.MapSpan(offset + call.Start, offset + call.NameEnd),
                call.Name, NameSuggestions.Hint(call.Name, KnownExpressionNames.YaqlFunctions));
        }
    }

    private static string? DefinedName(YaqlExpression argument) => argument switch
    {
        YaqlKeyword keyword => keyword.Name,
        YaqlConstant { Value: string text } => text,
        _ => null,
    };

    /// <summary>Warns at each filter or test name of <paramref name="root"/> that Jinja and Mistral do not offer.</summary>
    private static void CheckJinjaNames(JinjaExpression root, string text, SourceMap map, DiagnosticBag diagnostics)
    {
        foreach (var node in JinjaTree.DescendantsAndSelf(root))
        {
            var (kind, name, after, known) = node switch
            {
                JinjaFilter f => ("filter", f.Name, f.Target?.End ?? f.Start, KnownExpressionNames.JinjaFilters),
                JinjaTest t => ("test", t.Name, t.Target.End, KnownExpressionNames.JinjaTests),
                _ => ("", "", 0, KnownExpressionNames.JinjaTests),
            };
            if (kind.Length == 0 || known.Contains(name)) continue;
            // The tree keeps where the whole filter or test is; its name is the first match after the value it applies to.
            var start = text.IndexOf(name, Math.Min(after, text.Length), StringComparison.Ordinal);
            if (start < 0 || start >= node.End) start = node.Start;
            diagnostics.Add(DiagnosticCatalog.UnknownJinjaFilterOrTest, map.MapSpan(start, start + name.Length),
                kind, name, NameSuggestions.Hint(name, known));
        }
    }
}
