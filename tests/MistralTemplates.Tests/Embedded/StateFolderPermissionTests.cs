using System;
using System.IO;
using System.Runtime.Versioning;
using System.Threading.Tasks;
using MistralTemplates.Engine;

namespace MistralTemplates.Tests.Embedded;

/// <summary>The state folder holds the signal secrets: it and the database are for their owner's eyes only.</summary>
[UnsupportedOSPlatform("windows")]
public sealed class StateFolderPermissionTests : IDisposable
{
    private const UnixFileMode OwnerOnlyFolder = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    private const UnixFileMode OwnerOnlyFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode Open = OwnerOnlyFolder | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;
    private readonly TempStateFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private static void AssertOwnerOnly(string folder)
    {
        Assert.Equal(OwnerOnlyFolder, File.GetUnixFileMode(folder));
        foreach (var file in new[] { "engine.db", "engine.db-wal", "engine.db-shm" })
        {
            var path = Path.Combine(folder, file);
            Assert.True(File.Exists(path), $"{file} exists while the engine is open");
            Assert.Equal(OwnerOnlyFile, File.GetUnixFileMode(path));
        }
    }

    [UnixFact]
    public async Task A_new_state_folder_and_its_database_are_readable_by_their_owner_only()
    {
        var folder = Path.Combine(_folder.Path, "nested", "state");

        await using var target = StackTarget.Embedded(folder);
        await new MistralTemplates.Deployment.StackDeployer(target.Service, target.State).DeployAsync(
            new StackTemplate("one.yaml", "heat_template_version: 2016-10-14\nresources:\n  w:\n    type: OS::Mistral::Workflow\n    properties:\n      definition: |\n        w:\n          tasks:\n            t:\n              action: std.noop\n"),
            "secret", new System.Collections.Generic.Dictionary<string, string>());

        AssertOwnerOnly(folder);
    }

    [UnixFact]
    public void An_engine_folder_left_open_to_others_is_tightened_with_its_files()
    {
        var folder = Path.Combine(_folder.Path, "older");
        using (EmbeddedWorkflowService.Open(folder)) { }
        File.SetUnixFileMode(folder, Open);
        File.SetUnixFileMode(Path.Combine(folder, "engine.db"), OwnerOnlyFile | UnixFileMode.GroupRead | UnixFileMode.OtherRead);

        using (EmbeddedWorkflowService.Open(folder))
            AssertOwnerOnly(folder);
    }

    [UnixFact]
    public void A_folder_of_the_users_own_keeps_its_mode_but_the_database_is_made_private()
    {
        var project = Path.Combine(_folder.Path, "project");
        Directory.CreateDirectory(project);
        File.SetUnixFileMode(project, Open);
        File.WriteAllText(Path.Combine(project, "Program.cs"), "// the user's own file\n");

        using (EmbeddedWorkflowService.Open(project))
        {
            Assert.Equal(Open, File.GetUnixFileMode(project));
            Assert.Equal(OwnerOnlyFile, File.GetUnixFileMode(Path.Combine(project, "engine.db")));
        }
    }
}

/// <summary>A fact about Unix file modes: skipped on Windows.</summary>
public sealed class UnixFactAttribute : FactAttribute
{
    public UnixFactAttribute()
    {
        if (OperatingSystem.IsWindows()) Skip = "Unix file modes only";
    }
}
