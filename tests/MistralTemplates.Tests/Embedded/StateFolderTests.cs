using System;
using System.Diagnostics;
using System.IO;
using MistralTemplates.Engine;

namespace MistralTemplates.Tests.Embedded;

/// <summary>The embedded engine's state folder: ignored by git on its own, and chosen so a copied program never writes into a source tree.</summary>
public sealed class StateFolderTests : IDisposable
{
    private readonly TempStateFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void A_new_state_folder_inside_a_repository_never_shows_in_git_status()
    {
        var repository = Path.Combine(_folder.Path, "repo");
        Directory.CreateDirectory(repository);
        Git(repository, "init", "--quiet");
        File.WriteAllText(Path.Combine(repository, "Program.cs"), "// the consumer's own file\n");

        using (StackTarget.Embedded(Path.Combine(repository, ".mistral"))) { }

        Assert.Equal("*", File.ReadAllLines(Path.Combine(repository, ".mistral", ".gitignore"))[^1]);
        // Only the consumer's file is untracked: the database, its WAL files and the .gitignore itself are not listed.
        Assert.Equal("?? Program.cs", Git(repository, "status", "--porcelain", "--untracked-files=all").Trim());
    }

    [Fact]
    public void A_state_folder_made_before_gets_its_gitignore_and_a_users_own_is_kept()
    {
        // A folder an older version made: only the engine's files, no .gitignore.
        var older = Path.Combine(_folder.Path, "older");
        using (EmbeddedWorkflowService.Open(older)) { }
        File.Delete(Path.Combine(older, ".gitignore"));
        using (EmbeddedWorkflowService.Open(older)) { }
        Assert.True(File.Exists(Path.Combine(older, ".gitignore")));

        var own = Path.Combine(_folder.Path, "own");
        Directory.CreateDirectory(own);
        File.WriteAllText(Path.Combine(own, ".gitignore"), "engine.db*\n");
        using (EmbeddedWorkflowService.Open(own)) { }
        Assert.Equal("engine.db*\n", File.ReadAllText(Path.Combine(own, ".gitignore")));
    }

    [Fact]
    public void A_folder_holding_other_files_is_never_hidden_from_git()
    {
        // --state-dir . in a project: a '*' there would hide the whole project.
        var project = Path.Combine(_folder.Path, "project");
        Directory.CreateDirectory(project);
        File.WriteAllText(Path.Combine(project, "Program.cs"), "");
        using (EmbeddedWorkflowService.Open(project)) { }
        Assert.True(File.Exists(Path.Combine(project, "engine.db")));
        Assert.False(File.Exists(Path.Combine(project, ".gitignore")));
    }

    private static readonly string Project = Path.Combine(Root, "src", "Hello");
    private static readonly string Output = Path.Combine(Project, "bin", "Debug", "net10.0") + Path.DirectorySeparatorChar;
    private static string Root => Path.GetTempPath();
    private const string UserFolder = "/users/state/hello";

    [Fact]
    public void The_projects_folder_is_used_only_when_the_program_runs_from_its_own_build_output()
    {
        Directory.CreateDirectory(Project);
        try
        {
            string Choose(string programFolder, string? project = null, string? output = null) =>
                DefaultStateFolders.Choose(null, null, project ?? Project, output ?? Output, programFolder, () => UserFolder);

            // dotnet run: the output folder recorded at build time.
            Assert.Equal(Path.Combine(Project, ".mistral"), Choose(Output));
            Assert.Equal(Path.Combine(Project, ".mistral"), Choose(Output.TrimEnd(Path.DirectorySeparatorChar)));
            // dotnet publish puts the program below the output folder; a copy goes anywhere.
            Assert.Equal(UserFolder, Choose(Path.Combine(Output, "publish")));
            Assert.Equal(UserFolder, Choose(Path.Combine(Root, "deployed", "hello")));
            // Built without the package's targets (nothing recorded), or the project folder is gone.
            Assert.Equal(UserFolder, DefaultStateFolders.Choose(null, null, null, null, Output, () => UserFolder));
            Assert.Equal(UserFolder, Choose(Output, project: Path.Combine(Root, "gone-" + Guid.NewGuid().ToString("N"))));

            // What is named wins: the option, then MISTRAL_STATE_DIR.
            Assert.Equal(Path.GetFullPath("given"), DefaultStateFolders.Choose("given", "from-variable", Project, Output, Output, () => UserFolder));
            Assert.Equal(Path.GetFullPath("from-variable"), DefaultStateFolders.Choose(null, "from-variable", Project, Output, Output, () => UserFolder));
        }
        finally
        {
            Directory.Delete(Project);
        }
    }

    [Fact]
    public void The_users_folder_follows_XDG_on_unix_and_LOCALAPPDATA_on_windows()
    {
        string? Variables(string name) => name switch
        {
            "XDG_STATE_HOME" => "/home/ann/.state",
            "HOME" => "/home/ann",
            "LOCALAPPDATA" => @"C:\Users\ann\AppData\Local",
            _ => null,
        };
        Assert.Equal(Path.Combine("/home/ann/.state", "mistraltemplates", "Hello"), DefaultStateFolders.PerUserFolder("Hello", windows: false, Variables));
        Assert.Equal(Path.Combine(@"C:\Users\ann\AppData\Local", "MistralTemplates", "Hello"), DefaultStateFolders.PerUserFolder("Hello", windows: true, Variables));
        // Without XDG_STATE_HOME, or with a relative one (which the XDG rules ignore): ~/.local/state.
        Assert.Equal(Path.Combine("/home/ann", ".local", "state", "mistraltemplates", "Hello"),
            DefaultStateFolders.PerUserFolder("Hello", windows: false, name => name == "HOME" ? "/home/ann" : name == "XDG_STATE_HOME" ? "relative" : null));
        // The program's name is one folder, whatever it holds.
        Assert.Equal(Path.Combine("/home/ann/.state", "mistraltemplates", "a_b"), DefaultStateFolders.PerUserFolder("a/b", windows: false, Variables));
    }

    private static string Git(string folder, params string[] arguments)
    {
        var start = new ProcessStartInfo("git") { WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        using var git = Process.Start(start)!;
        var output = git.StandardOutput.ReadToEnd();
        var error = git.StandardError.ReadToEnd();
        git.WaitForExit();
        Assert.True(git.ExitCode == 0, $"git {string.Join(' ', arguments)}: {error}");
        return output;
    }
}
