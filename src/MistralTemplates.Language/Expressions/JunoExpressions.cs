namespace MistralTemplates.Language.Expressions;

/// <summary>
/// Juno-era Mistral wrote bare YAQL (<c>result: $</c>, <c>$.vm_id</c>, <c>name={$.vm_name}</c>); modern
/// Mistral reads those as plain strings. This finds such forms and gives the <c>&lt;% %&gt;</c> form to suggest.
/// </summary>
public static partial class JunoExpressions
{
}
