using System;
using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Text.Json.Nodes;

namespace MistralTemplates.Mistral.Hosting;

/// <summary>
/// The process that holds a lock, a claim on it, or a running execution of the embedded engine: enough for a later
/// run on the same host to tell whether that process still runs, so what a killed process held need not wait for a
/// lease to run out.
/// </summary>
/// <remarks>
/// "The same host" is judged by <see cref="HostId"/>: the machine name and, on Linux, the boot id and the process-id
/// namespace, so two containers that share a host name (or a machine that rebooted) never read each other's process
/// ids. The start time guards against a process id that was reused. Whenever the answer is not certain the holder
/// counts as running, and the lease decides.
/// </remarks>
internal sealed record HolderProcess(string Host, string HostId, int ProcessId, DateTimeOffset StartedAt)
{
    // Process start times are derived from the boot time and clock ticks; two readings differ by milliseconds.
    private static readonly TimeSpan StartTimeTolerance = TimeSpan.FromSeconds(1);

    private static readonly Lazy<HolderProcess> CurrentProcess = new(() =>
    {
        using var process = Process.GetCurrentProcess();
        return new HolderProcess(Environment.MachineName, LocalHostId(), Environment.ProcessId, process.StartTime.ToUniversalTime());
    });

    public static HolderProcess Current => CurrentProcess.Value;

    /// <summary>Where this process runs, in words: "pid 123 on host-a".</summary>
    public override string ToString() => $"pid {ProcessId} on {Host}";

    /// <summary>True when this is the current process (not an earlier one that had its id).</summary>
    public bool IsCurrentProcess() =>
        HostId == Current.HostId && ProcessId == Current.ProcessId && SameStart(Current.StartedAt);

    /// <summary>True only when this process ran on this host and certainly runs no more.</summary>
    public bool IsGoneFromThisHost()
    {
        if (HostId != Current.HostId) return false;
        if (ProcessId == Current.ProcessId) return !SameStart(Current.StartedAt);
        try
        {
            using var process = Process.GetProcessById(ProcessId);
            if (process.HasExited || IsZombie(ProcessId)) return true;
            return !SameStart(process.StartTime.ToUniversalTime());   // the id now belongs to another process
        }
        catch (ArgumentException)
        {
            return true;   // no process has that id
        }
        catch (Exception e) when (e is InvalidOperationException or Win32Exception or NotSupportedException or UnauthorizedAccessException)
        {
            return false;   // cannot tell: let the lease decide
        }
    }

    /// <summary>
    /// The command line of the process <paramref name="processId"/> on this host, short enough for a message: each
    /// word that is a path is given by its file name (<c>dotnet HelloWorkflow.dll serve</c>), at most 80 characters.
    /// Null where it cannot be read (not Linux, the process has gone, or another user's process hides it).
    /// </summary>
    public static string? CommandLineOf(int processId)
    {
        if (!OperatingSystem.IsLinux()) return null;
        var words = ReadOrEmpty($"/proc/{processId}/cmdline").Split('\0', StringSplitOptions.RemoveEmptyEntries);
        if (words.Length == 0) return null;
        var line = string.Join(' ', Array.ConvertAll(words, word => word.StartsWith('-') ? word : Path.GetFileName(word)));
        const int MaxLength = 80;
        return line.Length <= MaxLength ? line : line[..(MaxLength - 3)] + "...";
    }

    public void WriteTo(JsonObject variables)
    {
        variables["host"] = Host;
        variables["host_id"] = HostId;
        variables["pid"] = ProcessId;
        variables["process_started_at"] = StartedAt.ToString("O", CultureInfo.InvariantCulture);
    }

    /// <summary>The process recorded in <paramref name="variables"/>; null when they do not name one (an older lock).</summary>
    public static HolderProcess? ReadFrom(JsonObject variables)
    {
        try
        {
            if (variables["host"]?.GetValue<string>() is not { } host || variables["host_id"]?.GetValue<string>() is not { } hostId ||
                variables["pid"]?.GetValue<int>() is not { } pid || variables["process_started_at"]?.GetValue<string>() is not { } started)
                return null;
            return new HolderProcess(host, hostId, pid, DateTimeOffset.Parse(started, CultureInfo.InvariantCulture));
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException)
        {
            return null;
        }
    }

    private bool SameStart(DateTimeOffset startedAt) => (startedAt - StartedAt).Duration() <= StartTimeTolerance;

    private static string LocalHostId()
    {
        if (!OperatingSystem.IsLinux()) return Environment.MachineName;
        var boot = ReadOrEmpty("/proc/sys/kernel/random/boot_id").Trim();
        string namespaceId;
        try
        {
            namespaceId = new FileInfo("/proc/self/ns/pid").LinkTarget ?? "";
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            namespaceId = "";
        }
        return $"{Environment.MachineName}/{boot}/{namespaceId}";
    }

    /// <summary>A killed process whose parent has not reaped it yet still has its id, but it is dead.</summary>
    private static bool IsZombie(int pid)
    {
        if (!OperatingSystem.IsLinux()) return false;
        var stat = ReadOrEmpty($"/proc/{pid}/stat");
        var end = stat.LastIndexOf(')');   // the command name may hold spaces and parentheses
        return end > 0 && end + 2 < stat.Length && stat[end + 2] == 'Z';
    }

    private static string ReadOrEmpty(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return "";
        }
    }
}
