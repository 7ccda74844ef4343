using System;

namespace MistralTemplates.Engine;

/// <summary>
/// A change was asked of a state folder this user can only read (the folder or its <c>engine.db</c> is not writable
/// for them, or the file system is mounted read-only). Reads (lists, gets, status, outputs) still work; nothing was
/// changed.
/// </summary>
public sealed class StateFolderReadOnlyException : Exception
{
    /// <summary>Creates the exception for <paramref name="stateFolder"/>.</summary>
    public StateFolderReadOnlyException(string stateFolder)
        : base($"The state folder '{stateFolder}' is read-only for this user: its stacks can be read, but nothing in it can be "
            + "changed. Run this as the user who owns the folder, or copy the folder somewhere writable and point --state-dir "
            + "(or MISTRAL_STATE_DIR) at the copy.")
    {
        StateFolder = stateFolder;
    }

    /// <summary>The state folder that could not be changed.</summary>
    public string StateFolder { get; }
}
