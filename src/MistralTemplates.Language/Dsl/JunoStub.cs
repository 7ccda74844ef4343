// Temporary stand-in for members the expressions area provides (JunoExpressions.TryGetModernForm and the
// MT3003 descriptor). Delete this whole file when DiagnosticCatalog.Expressions.cs and the real
// JunoExpressions are present.
using System.Text;
using MistralTemplates.Language.Diagnostics;

namespace MistralTemplates.Language.Expressions
{
    public static partial class JunoExpressions
    {
        public static bool TryGetModernForm(string value, out string modern)
        {
            modern = value;
            if (value.Contains("<%") || value.Contains("{{")) return false;
            var trimmed = value.Trim();
            if (trimmed == "$" || trimmed.StartsWith("$.", System.StringComparison.Ordinal))
            {
                modern = "<% " + trimmed + " %>";
                return true;
            }
            var open = value.IndexOf("{$", System.StringComparison.Ordinal);
            if (open < 0) return false;
            var builder = new StringBuilder();
            var cursor = 0;
            while (open >= 0)
            {
                var close = value.IndexOf('}', open);
                if (close < 0) break;
                builder.Append(value, cursor, open - cursor).Append("<% ").Append(value, open + 1, close - open - 1).Append(" %>");
                cursor = close + 1;
                open = value.IndexOf("{$", cursor, System.StringComparison.Ordinal);
            }
            builder.Append(value, cursor, value.Length - cursor);
            modern = builder.ToString();
            return cursor > 0;
        }
    }
}

namespace MistralTemplates.Language.Diagnostics
{
    public static partial class DiagnosticCatalog
    {
        public static readonly DiagnosticDescriptor JunoExpression = Warning("MT3003", "Expression",
            "Juno-era expression",
            "'{0}' is a Juno-era expression that modern Mistral reads as a plain string; write {1}");
    }
}
