using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using MistralTemplates.Language.Text;
using MistralTemplates.Language.Yaml;

namespace MistralTemplates.Language.Hot.Evaluation;

/// <summary>list_join, str_replace (and its strict forms), str_split, digest and their CFN-era ancestors.</summary>
internal sealed partial class Evaluator
{
    /// <summary>Text longer than this is refused: nested replacements could otherwise grow without end.</summary>
    internal const int MaxTextLength = 16 * 1024 * 1024;

    /// <summary>
    /// <c>list_join: [delimiter, list, ...]</c>. Up to 2015-04-30 one list of strings; from 2015-10-15 several
    /// lists, with lists and mappings among the items written as JSON.
    /// </summary>
    private object? ListJoin(YamlEntry call, FunctionTable table)
    {
        if (!Version.IsAtLeast(HotVersions.V20151015)) return JoinSingleList(call, table);
        if (ArgumentList(call, 2, int.MaxValue) is not { } args) return null;
        var mark = Mark;
        var delimiter = Argument(args.Items[0], table);
        var lists = args.Items.Skip(1).Select(item => Argument(item, table)).ToList();
        if (FailedSince(mark)) return null;
        if (DeferredResult(call, delimiter, lists) is { } deferred) return deferred;
        var items = new List<object?>();
        foreach (var list in lists)
        {
            if (!PythonValues.IsTruthy(list)) continue;
            if (list is not List<object?> values) return Wrong(call, $"it joins lists, not {PythonValues.Describe(list)}");
            items.AddRange(values);
        }
        if (delimiter is not string separator) return Wrong(call, $"the delimiter must be a string, not {PythonValues.Describe(delimiter)}");
        var texts = new List<string>(items.Count);
        foreach (var item in items)
        {
            switch (item)
            {
                case null:
                    texts.Add(string.Empty);
                    break;
                case string s:
                    texts.Add(s);
                    break;
                case List<object?> or Dictionary<string, object?>:
                    if (PythonJson.Dumps(item, out var error) is not { } json) return Error(call.Key.Span, $"An item of list_join cannot be written as JSON: {error}.");
                    texts.Add(json);
                    break;
                default:
                    return Error(call.Key.Span, $"Items to join must be strings, lists or mappings, not {PythonValues.Describe(item)} ({PythonText.Repr(item)}).");
            }
        }
        return Bounded(call, string.Join(separator, texts));
    }

    /// <summary>The 2013-05-23 list_join and Fn::Join: <c>[delimiter, [string, ...]]</c>.</summary>
    private object? JoinSingleList(YamlEntry call, FunctionTable table)
    {
        if (ArgumentList(call, 2, 2) is not { } args) return null;
        var mark = Mark;
        var delimiter = Argument(args.Items[0], table);
        var strings = Argument(args.Items[1], table);
        if (FailedSince(mark)) return null;
        if (DeferredResult(call, delimiter, strings) is { } deferred) return deferred;
        strings ??= new List<object?>();
        if (strings is not List<object?> items) return Wrong(call, $"it joins a list, not {PythonValues.Describe(strings)}");
        if (delimiter is not string separator) return Wrong(call, $"the delimiter must be a string, not {PythonValues.Describe(delimiter)}");
        var texts = new List<string>(items.Count);
        foreach (var item in items)
        {
            if (item is not (null or string))
                return Error(call.Key.Span, $"Items to join must be strings, not {PythonValues.Describe(item)} ({PythonText.Repr(item)}).");
            texts.Add((string?)item ?? string.Empty);
        }
        return Bounded(call, string.Join(separator, texts));
    }

    /// <summary>
    /// <c>str_replace: {template, params}</c>. Placeholders are replaced longest first (equal lengths in
    /// alphabetical order) and replaced text is not searched again. Up to 2015-04-30 values must be strings or
    /// numbers; later, lists and mappings are written as JSON. The strict form wants every placeholder found,
    /// the very strict one also refuses empty values.
    /// </summary>
    private object? StrReplace(YamlEntry call, FunctionTable table)
    {
        if (ArgumentMap(call, table, "template", "params") is not { } args) return null;
        var paramsNode = args["params"]!;
        if (paramsNode is not YamlMapping) return Wrong(call, $"params must be a mapping, not {paramsNode.Describe()}");
        var mark = Mark;
        var template = Argument(args["template"]!, table);
        var mapping = Argument(paramsNode, table);
        if (FailedSince(mark)) return null;
        var json = Version.IsAtLeast(HotVersions.V20151015);
        var strict = call.KeyText != "str_replace";
        var allowEmpty = call.KeyText != "str_replace_vstrict";
        return ReplacePlaceholders(call, template, mapping, json, strict, allowEmpty, paramsNode.Span);
    }

    /// <summary>CFN's <c>Fn::Replace: [{placeholder: value}, template]</c>.</summary>
    private object? FnReplace(YamlEntry call, FunctionTable table)
    {
        if (ArgumentList(call, 2, 2) is not { } args) return null;
        var mark = Mark;
        var mapping = Argument(args.Items[0], table);
        var template = Argument(args.Items[1], table);
        if (FailedSince(mark)) return null;
        return ReplacePlaceholders(call, template, mapping, json: false, strict: false, allowEmpty: true, args.Items[0].Span);
    }

    private bool IsFunctionCall(YamlNode node, FunctionTable table) =>
        node is YamlMapping { Count: 1 } m && m.Entries[0].KeyText is { } key && IsFunction(key, table);

    private object? ReplacePlaceholders(YamlEntry call, object? template, object? mapping, bool json, bool strict, bool allowEmpty, SourceSpan paramsSpan)
    {
        if (DeferredResult(call, template, mapping) is { } deferred) return deferred;
        if (template is not string text) return Wrong(call, $"the template must be a string, not {PythonValues.Describe(template)}");
        if (mapping is not Dictionary<string, object?> parameters) return Wrong(call, $"params must be a mapping, not {PythonValues.Describe(mapping)}");
        var keys = parameters.Keys.OrderByDescending(k => k.Length).ThenBy(k => k, StringComparer.Ordinal).ToList();
        var replacements = new List<string>(keys.Count);
        foreach (var key in keys)
        {
            if (key.Length == 0) return Error(paramsSpan, $"A placeholder of {call.KeyText} must not be empty.");
            if (ReplacementText(call, key, parameters[key], json, allowEmpty, paramsSpan) is not { } replacement) return null;
            replacements.Add(replacement);
        }

        // Each pass splits the literal pieces left by the longer placeholders; values put in are never searched again.
        var pieces = new List<(string Text, bool Literal)> { (text, true) };
        var length = (long)text.Length;
        var notFound = new List<string>();
        for (var k = 0; k < keys.Count; k++)
        {
            length += (replacements[k].Length - (long)keys[k].Length) * pieces.Where(p => p.Literal).Sum(p => (long)Occurrences(p.Text, keys[k]));
            if (length > MaxTextLength) return TooLong(call);
            var next = new List<(string, bool)>(pieces.Count);
            var found = false;
            foreach (var (piece, literal) in pieces)
            {
                if (!literal)
                {
                    next.Add((piece, false));
                    continue;
                }
                var parts = piece.Split(new[] { keys[k] }, StringSplitOptions.None);
                found |= parts.Length > 1;
                for (var p = 0; p < parts.Length; p++)
                {
                    if (p > 0) next.Add((replacements[k], false));
                    next.Add((parts[p], true));
                }
            }
            if (!found) notFound.Add(keys[k]);
            pieces = next;
        }
        if (strict && notFound.Count > 0)
            return Error(call.Key.Span, $"The following params were not found in the template: {string.Join(",", notFound)}.");
        var builder = new StringBuilder((int)length);
        foreach (var (piece, _) in pieces) builder.Append(piece);
        return builder.ToString();
    }

    /// <summary>How many times <paramref name="key"/> occurs in <paramref name="text"/>, without overlaps, as split finds it.</summary>
    private static int Occurrences(string text, string key)
    {
        var count = 0;
        for (var at = text.IndexOf(key, StringComparison.Ordinal); at >= 0; at = text.IndexOf(key, at + key.Length, StringComparison.Ordinal)) count++;
        return count;
    }

    /// <summary>A placeholder's value as text, or null after reporting why it cannot be one.</summary>
    private string? ReplacementText(YamlEntry call, string key, object? value, bool json, bool allowEmpty, SourceSpan span)
    {
        string text;
        switch (value)
        {
            case null:
                if (!allowEmpty)
                {
                    EmptyValue(call, key, span);
                    return null;
                }
                return string.Empty;
            case string or long or double or bool:
                text = PythonText.Str(value);
                break;
            case List<object?> or Dictionary<string, object?> when json:
                if (!allowEmpty && !PythonValues.IsTruthy(value))
                {
                    EmptyValue(call, key, span);
                    return null;
                }
                if (PythonJson.Dumps(value, out var error) is not { } written)
                {
                    Error(span, $"The value of '{key}' in {call.KeyText} cannot be written as JSON: {error}.");
                    return null;
                }
                text = written;
                break;
            default:
                Error(span, json
                    ? $"{call.KeyText} params must be strings, numbers, lists or mappings; '{key}' is {PythonValues.Describe(value)}."
                    : $"{call.KeyText} params must be strings or numbers; '{key}' is {PythonValues.Describe(value)}.");
                return null;
        }
        if (!allowEmpty && text.Length == 0)
        {
            EmptyValue(call, key, span);
            return null;
        }
        return text;
    }

    private void EmptyValue(YamlEntry call, string key, SourceSpan span) =>
        Error(span, $"{call.KeyText} has an undefined or empty value for param '{key}'; it must be a defined, non-empty value.");

    /// <summary><c>str_split: [delimiter, text]</c> or <c>[delimiter, text, index]</c>; a null text gives null.</summary>
    private object? StrSplit(YamlEntry call, FunctionTable table)
    {
        if (call.Value is YamlScalar || (call.Value is YamlMapping && !IsFunctionCall(call.Value, table)))
            return Wrong(call, $"it takes a list, not {call.Value.Describe()}");
        var mark = Mark;
        var args = Argument(call.Value, table);
        if (FailedSince(mark)) return null;
        if (args is DeferredValue) return DeferredResult(call, args);
        if (args is not List<object?> list || list.Count < 2) return Wrong(call, "it takes [delimiter, text] or [delimiter, text, index]");
        if (DeferredResult(call, list) is { } deferred) return deferred;
        var (delimiter, text) = (list[0], list[1]);
        if (text is null) return null;
        if (text is not string source) return Wrong(call, $"it splits a string, not {PythonValues.Describe(text)}");
        if (delimiter is not string separator) return Wrong(call, $"the delimiter must be a string, not {PythonValues.Describe(delimiter)}");
        if (separator.Length == 0) return Wrong(call, "the delimiter must not be empty");
        var parts = source.Split(new[] { separator }, StringSplitOptions.None).Cast<object?>().ToList();
        if (list.Count < 3) return parts;
        if (!PythonValues.TryToInt(list[2], out var index)) return Wrong(call, $"the index must be an integer, not {PythonText.Repr(list[2])}");
        var at = index < 0 ? index + parts.Count : index;
        if (at < 0 || at >= parts.Count)
            return Error(call.Key.Span, $"The index {index} of str_split is out of range: it must be between 0 and {parts.Count - 1}.");
        return parts[(int)at];
    }

    /// <summary>CFN's <c>Fn::Split: [delimiter, text]</c>; the delimiter must be written as a string.</summary>
    private object? FnSplit(YamlEntry call, FunctionTable table)
    {
        if (ArgumentList(call, 2, 2) is not { } args) return null;
        if (args.Items[0] is not YamlScalar { Kind: YamlScalarKind.String } delimiterNode)
            return Wrong(call, "the delimiter must be a string written in the template");
        var mark = Mark;
        var text = Argument(args.Items[1], table);
        if (FailedSince(mark)) return null;
        if (text is DeferredValue) return DeferredResult(call, text);
        if (text is not string source) return Wrong(call, $"it splits a string, not {PythonValues.Describe(text)}");
        if (delimiterNode.Value.Length == 0) return Wrong(call, "the delimiter must not be empty");
        return source.Split(new[] { delimiterNode.Value }, StringSplitOptions.None).Cast<object?>().ToList();
    }

    /// <summary>CFN's <c>Fn::Base64: text</c>, which Heat returns unchanged.</summary>
    private object? FnBase64(YamlEntry call, FunctionTable table)
    {
        var mark = Mark;
        var text = Argument(call.Value, table);
        if (FailedSince(mark)) return null;
        if (text is DeferredValue) return DeferredResult(call, text);
        return text is string ? text : Wrong(call, $"it takes a string, not {PythonValues.Describe(text)}");
    }

    /// <summary><c>digest: [algorithm, text]</c>: the hex digest of the text's Latin-1 bytes.</summary>
    private object? Digest(YamlEntry call, FunctionTable table)
    {
        var mark = Mark;
        var args = Argument(call.Value, table);
        if (FailedSince(mark)) return null;
        if (DeferredResult(call, args) is { } deferred) return deferred;
        if (args is not List<object?> list || list.Any(a => a is not string)) return Wrong(call, "it takes a list of two strings");
        if (list.Count != 2) return Wrong(call, $"it takes 2 arguments, found {list.Count}");
        var (algorithm, text) = ((string)list[0]!, (string)list[1]!);
        if (!Digests.TryCompute(algorithm, text, out var digest, out var error)) return Error(call.Key.Span, error!);
        return digest;
    }

    private object? Bounded(YamlEntry call, string text) => text.Length > MaxTextLength ? TooLong(call) : text;

    private object? TooLong(YamlEntry call) =>
        Error(call.Key.Span, $"The result of {call.KeyText} would be longer than {MaxTextLength} characters.");
}
