using System;

namespace MistralTemplates.Engine;

/// <summary>
/// The state folder's <c>engine.db</c> is there but is not the engine's database (empty, not SQLite, or another
/// program's); the engine refuses it rather than start over it with no state.
/// </summary>
public sealed class EngineDatabaseException : Exception
{
    /// <summary>Makes the exception for the file at <paramref name="path"/>.</summary>
    public EngineDatabaseException(string path, string message, Exception? innerException = null)
        : base(message, innerException) => Path = path;

    /// <summary>The full path of the refused file.</summary>
    public string Path { get; }
}
