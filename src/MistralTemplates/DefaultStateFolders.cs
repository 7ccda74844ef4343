using System;
using System.IO;
using System.Linq;

namespace MistralTemplates;

/// <summary>
/// Where the embedded engine keeps its state when the program names no folder. The project's <c>.mistral/</c> only
/// while the program runs from that project's own build output (<c>dotnet run</c>); a published or copied program
/// never writes into a source tree, so it uses a folder of the user's instead.
/// </summary>
internal static class DefaultStateFolders
{
    /// <summary>
    /// The folder given, else <paramref name="fromEnvironment"/> (<c>MISTRAL_STATE_DIR</c>), else the project's
    /// <c>.mistral/</c> when <paramref name="programFolder"/> is the build output recorded with the project folder, else
    /// <paramref name="perUserFolder"/>.
    /// </summary>
    public static string Choose(string? given, string? fromEnvironment, string? projectFolder, string? outputFolder, string programFolder,
        Func<string> perUserFolder)
    {
        if (!string.IsNullOrWhiteSpace(given)) return Path.GetFullPath(given);
        if (!string.IsNullOrWhiteSpace(fromEnvironment)) return Path.GetFullPath(fromEnvironment);
        return RunsFromBuildOutput(projectFolder, outputFolder, programFolder)
            ? Path.Combine(projectFolder!, Engine.EmbeddedWorkflowService.DefaultStateFolder)
            : perUserFolder();
    }

    /// <summary>
    /// Whether the program runs from the output folder its build recorded, beside a project folder that still exists.
    /// The output folder must be the program's own: <c>dotnet publish</c> copies into a folder below it.
    /// </summary>
    public static bool RunsFromBuildOutput(string? projectFolder, string? outputFolder, string programFolder) =>
        projectFolder is not null && outputFolder is not null && Directory.Exists(projectFolder) && SameFolder(outputFolder, programFolder);

    /// <summary>
    /// The user's folder for <paramref name="programName"/>'s state: <c>%LOCALAPPDATA%\MistralTemplates\NAME</c> on
    /// Windows, else <c>$XDG_STATE_HOME/mistraltemplates/NAME</c> (by default <c>~/.local/state/mistraltemplates/NAME</c>).
    /// </summary>
    /// <param name="variable">Reads an environment variable.</param>
    /// <exception cref="StackTargetException">There is no home folder to put it in.</exception>
    public static string PerUserFolder(string programName, bool windows, Func<string, string?> variable)
    {
        var name = FolderName(programName);
        if (windows)
        {
            var local = variable("LOCALAPPDATA") is { Length: > 0 } fromVariable ? fromVariable : Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData);
            return Path.Combine(Required(local), "MistralTemplates", name);
        }
        // The XDG base directory rules ignore a relative path.
        var state = variable("XDG_STATE_HOME");
        if (!string.IsNullOrWhiteSpace(state) && Path.IsPathRooted(state)) return Path.Combine(state, "mistraltemplates", name);
        var home = variable("HOME") is { Length: > 0 } fromHome ? fromHome : Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        return Path.Combine(Required(home), ".local", "state", "mistraltemplates", name);
    }

    private static string Required(string folder) => !string.IsNullOrWhiteSpace(folder)
        ? folder
        : throw new StackTargetException(
            $"The embedded engine has no folder for its state: this user has no home folder. Set {StackTarget.StateFolderVariable} or give --state-dir.");

    /// <summary>The program's name as one folder name: characters a file name cannot hold become '_'.</summary>
    private static string FolderName(string programName)
    {
        var invalid = Path.GetInvalidFileNameChars();
        var name = new string(programName.Select(c => invalid.Contains(c) ? '_' : c).ToArray()).Trim();
        return name is "" or "." or ".." ? "program" : name;
    }

    private static bool SameFolder(string one, string other) =>
        string.Equals(Path.TrimEndingDirectorySeparator(Path.GetFullPath(one)), Path.TrimEndingDirectorySeparator(Path.GetFullPath(other)),
            OperatingSystem.IsWindows() || OperatingSystem.IsMacOS() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal);
}
