namespace MistralTemplates.Language.Diagnostics;

public static partial class DiagnosticCatalog
{
    private const string Expression = "Expression";

    public static readonly DiagnosticDescriptor YaqlSyntax = Error("MT3001", Expression,
        "YAQL syntax error",
        "YAQL syntax error in <% {0} %>: {1}. Fix the expression; Mistral refuses a definition whose expressions do not parse.");

    public static readonly DiagnosticDescriptor JinjaSyntax = Error("MT3002", Expression,
        "Jinja syntax error",
        "Jinja syntax error: {0}. Fix the expression or statement; Mistral refuses a definition whose expressions do not parse.");

    public static readonly DiagnosticDescriptor JunoExpression = Warning("MT3003", Expression,
        "Juno-era expression",
        "'{0}' is a Juno-era expression that modern Mistral reads as a plain string; write {1}");

    public static readonly DiagnosticDescriptor MixedExpressionLanguages = Error("MT3004", Expression,
        "YAQL and Jinja in one string",
        "This string uses both YAQL (<% %>) and Jinja ({{ }} or {% %}); Mistral does not allow mixing expression languages in one string. Use only one of them here.");

    public static readonly DiagnosticDescriptor UnknownYaqlFunction = Warning("MT3005", Expression,
        "Unknown YAQL function",
        "'{0}' is not a function or method of YAQL or Mistral; Mistral fails the task when it evaluates this expression.{1}");

    public static readonly DiagnosticDescriptor UnknownJinjaFilterOrTest = Warning("MT3006", Expression,
        "Unknown Jinja filter or test",
        "'{1}' is not a Jinja {0} that Mistral offers; Mistral fails the task when it renders this template.{2}");
}
