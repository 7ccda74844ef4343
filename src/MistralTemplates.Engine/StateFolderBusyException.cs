using System;

namespace MistralTemplates.Engine;

/// <summary>
/// Another process (a command-line verb, <c>serve</c>, a program using the typed API) held the write lock of the
/// state folder's database longer than this process was allowed to wait. Nothing of the failed change was stored;
/// trying again once the other process has finished is safe.
/// </summary>
public sealed class StateFolderBusyException : Exception
{
    /// <summary>Creates the exception for <paramref name="stateFolder"/>, after waiting <paramref name="waited"/>.</summary>
    public StateFolderBusyException(string stateFolder, TimeSpan waited, Exception? innerException = null)
        : base($"The state folder '{stateFolder}' is in use by another process, which held its database for longer than "
            + $"{waited.TotalSeconds:0.#} s; try again once that process has finished.", innerException)
    {
        StateFolder = stateFolder;
        Waited = waited;
    }

    /// <summary>
    /// Creates the exception for <paramref name="stateFolder"/>, after waiting <paramref name="waited"/> for the process
    /// <paramref name="holderProcessId"/> (its command line <paramref name="holderCommandLine"/>, when it can be read).
    /// </summary>
    public StateFolderBusyException(string stateFolder, TimeSpan waited, int holderProcessId, string? holderCommandLine, Exception? innerException = null)
        : base($"The state folder '{stateFolder}' is in use by another process, pid {holderProcessId}"
            + (string.IsNullOrEmpty(holderCommandLine) ? "" : $" ({holderCommandLine})")
            + $", which held its database for longer than {waited.TotalSeconds:0.#} s; try again once that process has finished.", innerException)
    {
        StateFolder = stateFolder;
        Waited = waited;
        HolderProcessId = holderProcessId;
        HolderCommandLine = holderCommandLine;
    }

    /// <summary>The id of the process that held the write lock, when it could be told (on Linux); else null.</summary>
    public int? HolderProcessId { get; }

    /// <summary>That process's command line, shortened (program file names without their folders), when it could be read.</summary>
    public string? HolderCommandLine { get; }

    /// <summary>The state folder whose database was busy.</summary>
    public string StateFolder { get; }

    /// <summary>
    /// How long the lock was held with no change committed by any process before this one gave up (the busy timeout);
    /// or, when other processes kept committing but this one got no turn, how long it waited in all.
    /// </summary>
    public TimeSpan Waited { get; }
}
