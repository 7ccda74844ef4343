namespace MistralTemplates.Language.Dsl;

/// <summary>
/// Matches a with-items clause as Mistral's WITH_ITEMS_PTRN does (a prefix match):
/// <c>var in [list]</c>, <c>var in &lt;% expr %&gt;</c> or <c>var in {{ expr }}</c>.
/// </summary>
internal static class WithItemsClause
{
    public static bool TryParse(string text, out string variable, out string source, out int sourceStart, out int sourceEnd)
    {
        variable = source = string.Empty;
        sourceStart = sourceEnd = 0;
        var i = SkipSpaces(text, 0);
        var nameStart = i;
        while (i < text.Length && (char.IsLetterOrDigit(text[i]) || text[i] is '_' or '-')) i++;
        if (i == nameStart) return false;
        variable = text.Substring(nameStart, i - nameStart);
        i = SkipSpaces(text, i);
        if (string.CompareOrdinal(text, i, "in", 0, 2) != 0) return false;
        i = SkipSpaces(text, i + 2);
        sourceStart = i;
        if (i >= text.Length) return false;
        int close;
        if (text[i] == '[')
        {
            close = text.LastIndexOf(']');
            if (close <= i + 1) return false;
            sourceEnd = close + 1;
        }
        else if (string.CompareOrdinal(text, i, "<%", 0, 2) == 0)
        {
            close = text.IndexOf("%>", i + 2, System.StringComparison.Ordinal);
            if (close < 0) return false;
            sourceEnd = close + 2;
        }
        else if (string.CompareOrdinal(text, i, "{{", 0, 2) == 0)
        {
            close = text.IndexOf("}}", i + 2, System.StringComparison.Ordinal);
            if (close < 0) return false;
            sourceEnd = close + 2;
        }
        else
        {
            return false;
        }
        source = text.Substring(sourceStart, sourceEnd - sourceStart);
        return true;
    }

    private static int SkipSpaces(string text, int i)
    {
        while (i < text.Length && char.IsWhiteSpace(text[i])) i++;
        return i;
    }
}
