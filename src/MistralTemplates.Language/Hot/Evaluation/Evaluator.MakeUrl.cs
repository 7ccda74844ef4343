using System.Collections.Generic;
using System.Linq;
using System.Text;
using MistralTemplates.Language.Yaml;

namespace MistralTemplates.Language.Hot.Evaluation;

/// <summary>make_url.</summary>
internal sealed partial class Evaluator
{
    private static readonly string[] UrlParts = { "scheme", "username", "password", "host", "port", "path", "query", "fragment" };

    /// <summary>
    /// <c>make_url: {scheme, username, password, host, port, path, query, fragment}</c>: a URL with each part
    /// escaped as Heat does; an IPv6 host gets brackets.
    /// </summary>
    private object? MakeUrl(YamlEntry call, FunctionTable table)
    {
        if (ArgumentMap(call, table) is not { } args) return null;
        var unknown = args.Entries.Select(e => e.KeyText ?? e.Key.Describe()).Where(k => !UrlParts.Contains(k)).ToList();
        if (unknown.Count > 0) return Wrong(call, $"{string.Join(", ", unknown)} {(unknown.Count == 1 ? "is not one of its keys" : "are not among its keys")}");
        var mark = Mark;
        var parts = new Dictionary<string, object?>();
        foreach (var entry in args.Entries) parts[entry.KeyText!] = Argument(entry.Value, table);
        if (FailedSince(mark)) return null;
        if (DeferredResult(call, parts.Values.ToArray()) is { } deferred) return deferred;

        foreach (var pair in parts)
        {
            if (pair.Key == "query")
            {
                if (pair.Value is not Dictionary<string, object?>) return Wrong(call, $"query must be a mapping, not {PythonValues.Describe(pair.Value)}");
            }
            else if (pair.Key == "port")
            {
                if (!PythonValues.TryToInt(pair.Value, out var port)) return Error(call.Key.Span, $"Invalid URL port {PythonText.Repr(pair.Value)} for make_url.");
                if (port is < 1 or > 65535) return Error(call.Key.Span, $"Invalid URL port {port}: it must be in the range 1-65535.");
            }
            else if (pair.Value is not string)
            {
                return Wrong(call, $"{pair.Key} must be a string, not {PythonValues.Describe(pair.Value)}");
            }
        }

        string Part(string name) => parts.TryGetValue(name, out var value) ? (string)value! : string.Empty;
        var scheme = Part("scheme");
        if (scheme.Contains(":")) return Error(call.Key.Span, "The URL scheme of make_url must not contain ':'.");
        var netloc = new StringBuilder();
        var username = UrlQuoting.Quote(Part("username"), "");
        var password = UrlQuoting.Quote(Part("password"), "");
        if (username.Length > 0 || password.Length > 0)
        {
            netloc.Append(username);
            if (password.Length > 0) netloc.Append(':').Append(password);
            netloc.Append('@');
        }
        var host = Part("host");
        if (host.StartsWith("[", System.StringComparison.Ordinal) && host.EndsWith("]", System.StringComparison.Ordinal)) host = host.Substring(1, host.Length - 2);
        host = UrlQuoting.Quote(host, ":");
        netloc.Append(host.Contains(":") ? "[" + host + "]" : host);
        if (parts.TryGetValue("port", out var portValue) && PythonValues.IsTruthy(portValue)) netloc.Append(':').Append(PythonText.Str(portValue));
        var query = parts.TryGetValue("query", out var queryValue) ? UrlQuoting.Encode((Dictionary<string, object?>)queryValue!).Replace("%2F", "/") : string.Empty;
        return UrlQuoting.Unsplit(scheme, netloc.ToString(), UrlQuoting.Quote(Part("path")), query, UrlQuoting.Quote(Part("fragment")));
    }
}
