using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace MistralTemplates.Language.Hot.Evaluation;

/// <summary>Python's urllib.parse quote, quote_plus, urlencode and urlunsplit, as make_url uses them.</summary>
internal static class UrlQuoting
{
    private const string AlwaysSafe = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.-~";

    /// <summary>The schemes after which urlunsplit writes "//" even without a host.</summary>
    private static readonly HashSet<string> UsesNetloc = new()
    {
        "", "ftp", "http", "gopher", "nntp", "telnet", "imap", "wais", "file", "mms", "https", "shttp", "snews",
        "prospero", "rtsp", "rtsps", "rtspu", "rsync", "svn", "svn+ssh", "sftp", "nfs", "git", "git+ssh", "ws", "wss",
        "itms-services",
    };

    /// <summary>Percent-encodes the UTF-8 bytes of <paramref name="text"/> except letters, digits, "_.-~" and <paramref name="safe"/>.</summary>
    public static string Quote(string text, string safe = "/")
    {
        var builder = new StringBuilder(text.Length);
        foreach (var b in Encoding.UTF8.GetBytes(text))
        {
            var c = (char)b;
            if (b < 0x80 && (AlwaysSafe.IndexOf(c) >= 0 || safe.IndexOf(c) >= 0)) builder.Append(c);
            else builder.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
        }
        return builder.ToString();
    }

    /// <summary>quote_plus(text, safe=''): spaces become "+".</summary>
    public static string QuotePlus(string text) => Quote(text, " ").Replace(' ', '+');

    /// <summary>urlencode(query): key=value pairs joined with "&amp;", each side str()-ed and quote_plus-ed.</summary>
    public static string Encode(Dictionary<string, object?> query)
    {
        var pairs = new List<string>(query.Count);
        foreach (var pair in query) pairs.Add(QuotePlus(pair.Key) + "=" + QuotePlus(PythonText.Str(pair.Value)));
        return string.Join("&", pairs);
    }

    public static string Unsplit(string scheme, string netloc, string path, string query, string fragment)
    {
        var url = path;
        if (netloc.Length > 0)
        {
            if (url.Length > 0 && url[0] != '/') url = "/" + url;
            url = "//" + netloc + url;
        }
        else if (url.StartsWith("//", System.StringComparison.Ordinal))
        {
            url = "//" + url;
        }
        else if (scheme.Length > 0 && UsesNetloc.Contains(scheme) && (url.Length == 0 || url[0] == '/'))
        {
            url = "//" + url;
        }
        if (scheme.Length > 0) url = scheme + ":" + url;
        if (query.Length > 0) url = url + "?" + query;
        if (fragment.Length > 0) url = url + "#" + fragment;
        return url;
    }
}
