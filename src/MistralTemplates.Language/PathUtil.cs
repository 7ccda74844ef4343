using System;

namespace MistralTemplates.Language;

/// <summary>Resolves get_file references the way Heat's client does: relative to the template's folder.</summary>
public static class PathUtil
{
    public static string Resolve(string fromPath, string reference)
    {
        if (reference.StartsWith("file://", StringComparison.Ordinal)) return Normalize(reference.Substring("file://".Length));
        if (IsRooted(reference)) return Normalize(reference);
        var slash = Math.Max(fromPath.LastIndexOf('/'), fromPath.LastIndexOf('\\'));
        var folder = slash < 0 ? string.Empty : fromPath.Substring(0, slash + 1);
        return Normalize(folder + reference);
    }

    /// <summary>Forward slashes, with '.' and '..' folded.</summary>
    public static string Normalize(string path)
    {
        path = path.Replace('\\', '/');
        var rooted = path.StartsWith("/", StringComparison.Ordinal);
        var parts = path.Split('/');
        var stack = new System.Collections.Generic.List<string>();
        foreach (var part in parts)
        {
            if (part.Length == 0 || part == ".") continue;
            if (part == ".." && stack.Count > 0 && stack[stack.Count - 1] != "..") stack.RemoveAt(stack.Count - 1);
            else stack.Add(part);
        }
        var joined = string.Join("/", stack);
        // Keep a Windows drive letter ("C:/...") as it is.
        return rooted ? "/" + joined : joined;
    }

    private static bool IsRooted(string path) =>
        path.StartsWith("/", StringComparison.Ordinal) || path.StartsWith("\\", StringComparison.Ordinal) ||
        (path.Length >= 2 && path[1] == ':');
}
