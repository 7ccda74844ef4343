using System.Linq;
using System.Text;
using System.Text.RegularExpressions;

namespace MistralTemplates.Language.Expressions.Jinja.Evaluation;

/// <summary>
/// Evaluates a whole text as Mistral does: a text that is exactly one <c>{{ ... }}</c> keeps the type of
/// its value; otherwise each <c>{{ }}</c> is replaced by its value as Python prints it (None, True, [1, 2]).
/// Error offsets count from the start of the text. Statements (<c>{% %}</c>) are not evaluated yet.
/// </summary>
public static class JinjaRenderer
{
    // Mistral's test for "this string is Jinja": a {{ }} or {% %} on one line.
    private static readonly Regex AnyJinja = new(@"\{\{.*?\}\}|\{%.*?%\}", RegexOptions.CultureInvariant);

    /// <summary>Whether Mistral treats <paramref name="text"/> as Jinja at all; other strings are left as they are.</summary>
    public static bool IsJinja(string text) => text is not null && AnyJinja.IsMatch(text);

    public static JinjaEvaluationResult Render(string text, JinjaContext context)
    {
        text ??= "";
        if (!IsJinja(text)) return JinjaEvaluationResult.Ok(text);
        var template = JinjaTemplate.Check(text);
        if (template.Error is { } error)
            return JinjaEvaluationResult.Failed(new JinjaEvaluationError(error.Offset, error.Length, error.Message));
        if (template.Blocks.FirstOrDefault(b => b.IsStatement) is { } statement)
            return JinjaEvaluationResult.Failed(new JinjaEvaluationError(statement.Start, statement.End - statement.Start,
                $"the '{statement.Tag}' statement is not supported here; only {{{{ }}}} expressions are evaluated"));
        if (template.Blocks.Count == 0) return JinjaEvaluationResult.Ok(text);
        if (IsSingleExpression(text, template))
            return template.Blocks[0].Expressions.Count == 0 ? Empty(template.Blocks[0]) : JinjaEvaluator.Evaluate(template.Blocks[0].Expressions[0], context);
        var builder = new StringBuilder();
        var position = 0;
        foreach (var block in template.Blocks)
        {
            builder.Append(text, position, block.Start - position);
            position = block.End;
            if (block.Expressions.Count == 0) return Empty(block);
            var result = JinjaEvaluator.Evaluate(block.Expressions[0], context);
            if (!result.Success) return result;
            builder.Append(JinjaValues.Str(result.Value));
        }
        builder.Append(text, position, text.Length - position);
        // Jinja drops one newline at the very end of a template.
        if (builder.Length > 0 && builder[builder.Length - 1] == '\n' && text.EndsWith("\n", System.StringComparison.Ordinal))
        {
            builder.Length--;
            if (builder.Length > 0 && builder[builder.Length - 1] == '\r') builder.Length--;
        }
        return JinjaEvaluationResult.Ok(builder.ToString());
    }

    private static JinjaEvaluationResult Empty(JinjaTemplateBlock block) =>
        JinjaEvaluationResult.Failed(new JinjaEvaluationError(block.Start, block.End - block.Start, "the {{ }} holds no expression"));

    /// <summary>
    /// Mistral's test: the first <c>{{ ... }}</c> (up to the first <c>}}</c>, on one line) is the whole text.
    /// </summary>
    private static bool IsSingleExpression(string text, JinjaTemplateResult template)
    {
        if (template.Blocks.Count != 1 || !text.StartsWith("{{", System.StringComparison.Ordinal)) return false;
        var close = text.IndexOf("}}", 2, System.StringComparison.Ordinal);
        return close == text.Length - 2 && text.IndexOf('\n') < 0;
    }
}
