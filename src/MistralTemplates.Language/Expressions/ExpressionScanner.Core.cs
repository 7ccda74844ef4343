using MistralTemplates.Language.Diagnostics;
using MistralTemplates.Language.Text;

namespace MistralTemplates.Language.Expressions;

public static partial class ExpressionScanner
{
    public static ExpressionScan Scan(string text, SourceMap map, DiagnosticBag diagnostics) => ExpressionScan.None;
}
