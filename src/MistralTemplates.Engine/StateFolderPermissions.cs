using System;
using System.Collections.Generic;
using System.IO;
using System.Runtime.InteropServices;

namespace MistralTemplates.Engine;

/// <summary>
/// Keeps the state folder private to its owner: the database holds each stack's signal secret, with which anyone who
/// reads it can sign URLs that start workflows. A new folder is made 0700 and the database and its WAL files 0600,
/// whatever the umask. An existing folder or file open to others is tightened when this user may change it, and
/// otherwise named once on stderr. A folder that also holds the user's own files (<c>--state-dir .</c>) keeps its
/// mode: only the engine's files are tightened. Nothing is done on Windows, where the folder's ACL decides.
/// </summary>
internal static class StateFolderPermissions
{
    /// <summary>Read, write and enter, for the owner only.</summary>
    public const UnixFileMode FolderMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    /// <summary>Read and write, for the owner only.</summary>
    public const UnixFileMode FileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    private const UnixFileMode OthersAccess = UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute |
                                              UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;

    private static readonly string[] DatabaseSuffixes = ["", "-wal", "-shm"];
    private static readonly HashSet<string> Warned = new(StringComparer.Ordinal);

    /// <summary>Where warnings go (stderr; tests read them).</summary>
    internal static TextWriter Warnings { get; set; } = Console.Error;

    /// <summary>Creates <paramref name="folder"/> (and any missing parent) for its owner only, or tightens the engine's own existing folder.</summary>
    public static void EnsureFolder(string folder)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(folder);
            return;
        }
        if (!Directory.Exists(folder))
        {
            Directory.CreateDirectory(folder, FolderMode);
            // The mode given to mkdir passes through the umask; setting it again makes it exact.
            File.SetUnixFileMode(folder, FolderMode);
            return;
        }
        if ((File.GetUnixFileMode(folder) & OthersAccess) == 0 || !StateFolderGitIgnore.HoldsOnlyEngineFiles(folder)) return;
        Restrict(folder, FolderMode, "folder");
    }

    /// <summary>Makes the database and its WAL files, those that exist, readable by their owner only.</summary>
    public static void RestrictDatabaseFiles(string databasePath)
    {
        if (OperatingSystem.IsWindows()) return;
        foreach (var suffix in DatabaseSuffixes)
        {
            var path = databasePath + suffix;
            if (File.Exists(path) && (File.GetUnixFileMode(path) & OthersAccess) != 0) Restrict(path, FileMode, "file");
        }
    }

    /// <summary>
    /// Whether this user can read the database in <paramref name="folder"/> but not change it: the database exists and
    /// either it or the folder (where SQLite keeps its WAL files) is not writable for this user, or the file system is
    /// mounted read-only. The engine then opens the database read-only and writes nothing into the folder.
    /// </summary>
    public static bool IsReadOnlyForThisUser(string folder, string databasePath)
    {
        if (!File.Exists(databasePath)) return false;
        if (OperatingSystem.IsWindows()) return (File.GetAttributes(databasePath) & FileAttributes.ReadOnly) != 0;
        return !CanWrite(folder) || !CanWrite(databasePath);
    }

    /// <summary>Whether this user may write <paramref name="path"/> (a file, or a folder: make files in it); true on Windows.</summary>
    public static bool CanWrite(string path)
    {
        if (OperatingSystem.IsWindows()) return true;
        try
        {
            // access(2) asks the kernel, which knows root, ACLs and read-only mounts; file modes alone do not tell.
            return access(path, WriteAccess) == 0;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return true;   // cannot ask: open as before, read-write
        }
    }

    private const int WriteAccess = 2;   // W_OK

    [DllImport("libc", SetLastError = true)]
    private static extern int access([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int mode);

    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    private static void Restrict(string path, UnixFileMode mode, string what)
    {
        try
        {
            File.SetUnixFileMode(path, mode);
        }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException)
        {
            lock (Warned)
                if (!Warned.Add(path)) return;
            Warnings.WriteLine($"warning: the state {what} '{path}' can be read by other users, and it holds the secret that signs signal URLs; " +
                               $"it could not be tightened ({e.Message}; is it another user's?). Its owner can run: chmod {(what == "folder" ? "700" : "600")} '{path}'");
        }
    }
}
