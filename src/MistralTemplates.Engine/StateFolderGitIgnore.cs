using System;
using System.IO;
using System.Linq;

namespace MistralTemplates.Engine;

/// <summary>
/// The state folder's own <c>.gitignore</c> (<c>*</c>): the engine's database never shows in <c>git status</c> of the
/// project it sits in, without the project ignoring it. Written only into a folder that holds nothing but the engine's
/// files, so a folder of the user's (<c>--state-dir .</c>) is never hidden, and never over a <c>.gitignore</c> already there.
/// </summary>
internal static class StateFolderGitIgnore
{
    public const string FileName = ".gitignore";

    private const string Content = "# The embedded Mistral engine's state (MistralTemplates): local, never committed.\n*\n";

    public static void Ensure(string folder)
    {
        var path = Path.Combine(folder, FileName);
        if (File.Exists(path) || !HoldsOnlyEngineFiles(folder)) return;
        try
        {
            using var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write);
            using var writer = new StreamWriter(file);
            writer.Write(Content);
        }
        catch (IOException) when (File.Exists(path))
        {
            // Another process sharing the folder wrote it first.
        }
    }

    /// <summary>Whether <paramref name="folder"/> holds nothing but the engine's files and this <c>.gitignore</c>: a folder of the engine's own.</summary>
    public static bool HoldsOnlyEngineFiles(string folder) =>
        Directory.EnumerateFileSystemEntries(folder).All(entry => Path.GetFileName(entry) is var name && (name == FileName || IsEngineFile(name)));

    /// <summary>Whether <paramref name="name"/> is the engine's database or one of its companion files (WAL, shared memory).</summary>
    public static bool IsEngineFile(string name) => name.StartsWith(EngineDatabase.FileName, StringComparison.Ordinal);
}
