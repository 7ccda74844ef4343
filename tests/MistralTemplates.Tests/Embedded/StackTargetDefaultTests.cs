using System;
using System.IO;
using System.Threading.Tasks;
using MistralTemplates.Engine;

namespace MistralTemplates.Tests.Embedded;

/// <summary>Which target a program gets when it names none, and the embedded target made in code.</summary>
public sealed class StackTargetDefaultTests : IDisposable
{
    private readonly TempStateFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task With_no_endpoint_the_target_is_the_embedded_engine_in_the_folder_given()
    {
        var previous = Environment.GetEnvironmentVariable(StackTarget.EndpointVariable);
        try
        {
            Environment.SetEnvironmentVariable(StackTarget.EndpointVariable, null);
            await using var target = StackTarget.FromEnvironment(stateFolder: _folder.Path);
            Assert.IsType<EmbeddedWorkflowService>(target.Service);
            Assert.Equal($"embedded engine in {_folder.Path}", target.Description);
            Assert.True(target.RunsExecutionsInProcess);
        }
        finally
        {
            Environment.SetEnvironmentVariable(StackTarget.EndpointVariable, previous);
        }
    }

    [Fact]
    public void The_default_state_folder_is_the_given_one_else_one_of_the_users_for_a_program_not_run_from_its_build_output()
    {
        Assert.Equal(Path.GetFullPath("somewhere"), StackTarget.DefaultStateFolder("somewhere"));
        // The test host was built without the package's targets: nothing says where its project is, so its state
        // goes to the user's folder, never into the current directory.
        Assert.Equal(Environment.CurrentDirectory, StackTarget.ProjectFolder());
        if (Environment.GetEnvironmentVariable(StackTarget.StateFolderVariable) is not null) return;
        var program = System.Reflection.Assembly.GetEntryAssembly()!.GetName().Name!;
        var chosen = StackTarget.DefaultStateFolder();
        Assert.EndsWith(Path.Combine(OperatingSystem.IsWindows() ? "MistralTemplates" : "mistraltemplates", program), chosen);
        Assert.False(chosen.StartsWith(Path.Combine(Environment.CurrentDirectory, ".mistral"), StringComparison.Ordinal));
    }

    [Fact]
    public void An_endpoint_still_names_a_real_mistral_and_a_bad_one_is_refused()
    {
        using var target = StackTarget.FromEnvironment("http://127.0.0.1:1");
        Assert.False(target.RunsExecutionsInProcess);
        Assert.StartsWith("Mistral at http://127.0.0.1:1", target.Description);
        var error = Assert.Throws<StackTargetException>(() => StackTarget.FromEnvironment("ftp://127.0.0.1:8989"));
        Assert.Contains("is not an http(s) address", error.Message);
        var both = Assert.Throws<StackTargetException>(() => StackTarget.FromEnvironment("http://127.0.0.1:1", _folder.Path));
        Assert.Contains("not both", both.Message);
        Assert.False(Directory.Exists(_folder.Path));
    }

    [Fact]
    public void A_state_folder_given_explicitly_beats_MISTRAL_URL()
    {
        // An explicit choice wins over the environment, as --endpoint does: tests and scripts can pick the engine
        // on a machine whose shell names a real Mistral.
        if (string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(StackTarget.EndpointVariable))) return;
        using var target = StackTarget.FromEnvironment(stateFolder: _folder.Path);
        Assert.True(target.RunsExecutionsInProcess);
        Assert.True(File.Exists(Path.Combine(_folder.Path, "engine.db")));
    }

    [Fact]
    public void A_state_folder_that_cannot_be_made_says_what_to_set()
    {
        var file = Path.Combine(Path.GetTempPath(), "mt-not-a-folder-" + Guid.NewGuid().ToString("N"));
        File.WriteAllText(file, "");
        try
        {
            var error = Assert.Throws<StackTargetException>(() => StackTarget.Embedded(Path.Combine(file, "state")));
            Assert.Contains(StackTarget.StateFolderVariable, error.Message);
        }
        finally
        {
            File.Delete(file);
        }
    }
}
