using System;
using System.Globalization;
using System.IO;
using System.Runtime.InteropServices;
using MistralTemplates.Mistral.Hosting;

namespace MistralTemplates.Engine;

/// <summary>
/// Which process holds the write lock of a database in WAL mode, so a writer that gave up can name it. SQLite takes
/// that lock as a POSIX record lock on one byte of the <c>-shm</c> file (offset 120, the WAL write lock), and Linux
/// lists every such lock with its holder's process id in <c>/proc/locks</c>. The file is never opened here: closing a
/// descriptor of it would drop this process's own SQLite locks on it. Elsewhere the holder is not known.
/// </summary>
internal static class StateFolderLockHolder
{
    // os_unix.c: UNIX_SHM_BASE = (22 + SQLITE_SHM_NLOCK) * 4 = 120; wal.c: WAL_WRITE_LOCK = 0.
    private const long WalWriteLockOffset = 120;

    /// <summary>The process holding the write lock of the database at <paramref name="databasePath"/>; null when none does or it cannot be told.</summary>
    public static (int ProcessId, string? CommandLine)? FindWriter(string databasePath)
    {
        if (!OperatingSystem.IsLinux()) return null;
        try
        {
            if (InodeOf(databasePath + "-shm") is not { } inode) return null;
            foreach (var line in File.ReadLines("/proc/locks"))
                if (WriteLockHolder(line, inode) is { } pid && pid != Environment.ProcessId)
                    return (pid, HolderProcess.CommandLineOf(pid));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or EntryPointNotFoundException or DllNotFoundException)
        {
            // No /proc or no stat(2) here: the message goes without the holder.
        }
        return null;
    }

    /// <summary>The process id in a <c>/proc/locks</c> line for a write lock on the WAL write-lock byte of the file <paramref name="inode"/>.</summary>
    /// <example><c>1: POSIX  ADVISORY  WRITE 22738 fe:00:11755524 120 120</c></example>
    internal static int? WriteLockHolder(string line, ulong inode)
    {
        var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        // "1: -> POSIX ..." lines are processes waiting for a lock, not holding it.
        if (fields.Length < 8 || fields[1] != "POSIX" || fields[3] != "WRITE") return null;
        var file = fields[5].Split(':');
        if (file.Length != 3 || !ulong.TryParse(file[2], NumberStyles.None, CultureInfo.InvariantCulture, out var lockedInode) || lockedInode != inode)
            return null;
        if (!long.TryParse(fields[6], NumberStyles.None, CultureInfo.InvariantCulture, out var start) || start > WalWriteLockOffset) return null;
        if (fields[7] != "EOF" && (!long.TryParse(fields[7], NumberStyles.None, CultureInfo.InvariantCulture, out var last) || last < WalWriteLockOffset))
            return null;
        return int.TryParse(fields[4], NumberStyles.None, CultureInfo.InvariantCulture, out var pid) && pid > 0 ? pid : null;
    }

    private static ulong? InodeOf(string path)
    {
        // struct stat on Linux x86-64 and arm64 alike: st_dev (8 bytes), then st_ino (8 bytes).
        var buffer = new byte[256];
        return stat(path, buffer) == 0 ? BitConverter.ToUInt64(buffer, 8) : null;
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int stat([MarshalAs(UnmanagedType.LPUTF8Str)] string path, byte[] buffer);
}
