using System;
using System.Threading;
using System.Threading.Tasks;
using MistralTemplates.Engine;
using MistralTemplates.Mistral;
using MistralTemplates.Mistral.Cloud;
using MistralTemplates.Mistral.Http;
using MistralTemplates.State;

namespace MistralTemplates;

/// <summary>
/// What stacks are deployed to: a workflow service (a real Mistral, or any other <see cref="IWorkflowService"/>) and
/// the store that keeps the stacks' records and locks. Make one per service and share it; dispose it at the end.
/// </summary>
public sealed class StackTarget : IDisposable, IAsyncDisposable
{
    /// <summary>The environment variable that names the Mistral API when no endpoint is given.</summary>
    public const string EndpointVariable = "MISTRAL_URL";

    /// <summary>The environment variable that names the embedded engine's state folder, over the default one (see <see cref="DefaultStateFolder"/>).</summary>
    public const string StateFolderVariable = "MISTRAL_STATE_DIR";

    private readonly bool _ownsService;
    private int _disposed;

    /// <param name="service">The workflow service the stacks' resources live in.</param>
    /// <param name="state">Where the stacks' records live; by default in the service itself, one Mistral environment per stack.</param>
    /// <param name="ownsService">Dispose <paramref name="service"/> with the target.</param>
    /// <param name="description">What the target is, for messages, e.g. <c>Mistral at http://host:8989/v2/</c>.</param>
    public StackTarget(IWorkflowService service, IStackStateStore? state = null, bool ownsService = false, string? description = null)
    {
        ArgumentNullException.ThrowIfNull(service);
        Service = service;
        State = state ?? new MistralEnvironmentStateStore(service);
        _ownsService = ownsService;
        Description = description ?? service.GetType().Name;
    }

    public IWorkflowService Service { get; }

    public IStackStateStore State { get; }

    public string Description { get; }

    /// <summary>A real Mistral, through a REST client of its own that the target disposes.</summary>
    public static StackTarget Mistral(MistralClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var client = new MistralClient(options);
        return new StackTarget(client, ownsService: true, description: $"Mistral at {client.Endpoint}");
    }

    /// <summary>A real Mistral at <paramref name="endpoint"/>, e.g. <c>http://127.0.0.1:8989</c>, with default client options.</summary>
    public static StackTarget Mistral(Uri endpoint) => Mistral(new MistralClientOptions { Endpoint = endpoint });

    /// <summary>
    /// The embedded engine, in this process, with its state in <paramref name="folder"/> (created when new).
    /// <paramref name="options"/> gives it the host's own actions, e.g. a simulated <c>nova.servers_create</c> (see
    /// <see cref="EngineOptions.AddAction{TInput, TOutput}(string, Func{TInput, CancellationToken, Task{TOutput}})"/>).
    /// </summary>
    /// <exception cref="StackTargetException">The folder cannot hold the engine's database.</exception>
    /// <exception cref="EngineDatabaseException">The folder's <c>engine.db</c> is empty, not SQLite, or another program's.</exception>
    public static StackTarget Embedded(string folder, EngineOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(folder);
        EmbeddedWorkflowService engine;
        try
        {
            engine = EmbeddedWorkflowService.Open(folder, options);
        }
        catch (Exception e) when (e is System.IO.IOException or UnauthorizedAccessException or Microsoft.Data.Sqlite.SqliteException)
        {
            throw new StackTargetException(
                $"The embedded engine cannot keep its state in '{folder}': {e.Message} Choose a folder that can be created and written (--state-dir or {StateFolderVariable}), or give --endpoint to use a real Mistral.");
        }
        return new StackTarget(engine, ownsService: true, description: $"embedded engine in {engine.StateFolder}");
    }

    /// <summary>
    /// A real OpenStack cloud's Mistral, signed in through Keystone: the settings of the cloud
    /// <paramref name="cloudName"/> (else <c>OS_CLOUD</c>'s, else the <c>OS_*</c> variables' alone) as
    /// <see cref="CloudConfig.Load(string?, CloudSettings?)"/> finds them in <c>clouds.yaml</c>, <c>secure.yaml</c> and
    /// the environment, with <paramref name="settings"/> over them. Mistral's address comes from the token's service
    /// catalog unless <see cref="CloudSettings.WorkflowEndpointOverride"/>, <c>MISTRAL_URL</c> or the file's
    /// <c>workflow_endpoint_override</c> gives one. Nothing is sent until the first call.
    /// </summary>
    /// <param name="cloudName">The <c>clouds.yaml</c> entry, as <c>--os-cloud</c> names it.</param>
    /// <param name="settings">Settings given in code, over the environment's and the file's.</param>
    /// <exception cref="CloudConfigException">No such cloud, no <c>clouds.yaml</c>, a malformed file, or no Keystone address.</exception>
    /// <exception cref="CloudSettingsException">The settings cannot sign in (a missing user or secret, say) or a TLS file cannot be read.</exception>
    public static StackTarget FromCloud(string? cloudName = null, CloudSettings? settings = null) =>
        Cloud(CloudConfig.Load(cloudName, settings));

    /// <summary>A real OpenStack cloud's Mistral, signed in with <paramref name="cloud"/> as it is (no file or variable is read).</summary>
    /// <exception cref="CloudSettingsException">The settings cannot sign in or a TLS file cannot be read.</exception>
    public static StackTarget Cloud(CloudSettings cloud)
    {
        ArgumentNullException.ThrowIfNull(cloud);
        var options = MistralClientOptions.ForCloud(cloud);
        var client = new MistralClient(options);
        // Mistral keeps each project's environments (so its stacks) apart: the store names the token's project.
        var state = options.Authentication is KeystoneAuthentication keystone
            ? new MistralEnvironmentStateStore(client, new MistralStateStoreOptions { ProjectName = ct => ProjectNameAsync(keystone, ct) })
            : null;
        return new StackTarget(client, state, ownsService: true, description: DescribeCloud(cloud));
    }

    private static async ValueTask<string?> ProjectNameAsync(KeystoneAuthentication keystone, CancellationToken cancellationToken)
    {
        var scope = await keystone.GetScopeAsync(cancellationToken).ConfigureAwait(false);
        return scope.ProjectName ?? scope.ProjectId;
    }

    /// <summary>What a cloud target is, for messages: which cloud, project and Mistral; never a secret.</summary>
    internal static string DescribeCloud(CloudSettings cloud)
    {
        var which = cloud.CloudName is { } name ? $"cloud '{name}'" : cloud.AuthUrl is { } keystone ? $"the cloud at {keystone}" : "a cloud without Keystone";
        var scope = cloud.ProjectName ?? cloud.ProjectId;
        var parts = new System.Collections.Generic.List<string>();
        if (scope is not null) parts.Add($"project {scope}");
        else if ((cloud.DomainName ?? cloud.DomainId) is { } domain) parts.Add($"domain {domain}");
        if (cloud.RegionName is { } region) parts.Add($"region {region}");
        var endpoint = cloud.WorkflowEndpointOverride is { } address ? $" at {address}" : "";
        return $"Mistral of {which}{(parts.Count > 0 ? $" ({string.Join(", ", parts)})" : "")}{endpoint}";
    }

    /// <summary>
    /// The target the command line and programs use when they are not told otherwise. What is given explicitly comes
    /// before the environment. A cloud when one is named (<paramref name="cloudName"/>, <paramref name="cloudSettings"/>,
    /// <c>OS_CLOUD</c>) or <c>OS_AUTH_URL</c> is set, as after sourcing an <c>openrc</c> file (see <see cref="FromCloud"/>),
    /// with <paramref name="endpoint"/> (else <c>MISTRAL_URL</c>) as Mistral's address over the catalog's. Otherwise the
    /// Mistral at <paramref name="endpoint"/>, or the embedded engine in <paramref name="stateFolder"/>; else the Mistral
    /// <c>MISTRAL_URL</c> names; else the embedded engine in the folder <see cref="DefaultStateFolder"/> chooses
    /// (<c>MISTRAL_STATE_DIR</c>, the project's <c>.mistral/</c> under <c>dotnet run</c>, else a folder of the user's).
    /// <paramref name="engineOptions"/> (the host's own actions) apply when that is the embedded engine; a real
    /// Mistral runs only the actions installed on it.
    /// </summary>
    /// <param name="endpoint">The Mistral API (<c>--endpoint</c>).</param>
    /// <param name="stateFolder">The embedded engine's folder (<c>--state-dir</c>).</param>
    /// <param name="engineOptions">The host's own actions for the embedded engine.</param>
    /// <param name="cloudName">The <c>clouds.yaml</c> entry (<c>--os-cloud</c>).</param>
    /// <param name="cloudSettings">Cloud settings given explicitly (the <c>--os-*</c> options); any set means a cloud.</param>
    /// <exception cref="StackTargetException">Both an endpoint and a state folder are given, a state folder and a cloud
    /// are, the address is not an http(s) URL, or the state folder cannot be used.</exception>
    /// <exception cref="CloudConfigException">The cloud's settings cannot be found or read.</exception>
    /// <exception cref="CloudSettingsException">The cloud's settings cannot sign in.</exception>
    public static StackTarget FromEnvironment(string? endpoint = null, string? stateFolder = null, EngineOptions? engineOptions = null,
        string? cloudName = null, CloudSettings? cloudSettings = null)
    {
        var explicitEndpoint = !string.IsNullOrWhiteSpace(endpoint);
        var cloudWanted = !string.IsNullOrWhiteSpace(cloudName) || (cloudSettings is not null && cloudSettings != new CloudSettings())
                          || CloudConfig.IsCloudConfigured(CloudConfig.ProcessEnvironment());
        if (!string.IsNullOrWhiteSpace(stateFolder))
        {
            if (explicitEndpoint)
                throw new StackTargetException("Give either --endpoint (a real Mistral) or --state-dir (the embedded engine's folder), not both.");
            if (cloudWanted)
                throw new StackTargetException(
                    $"--state-dir is the embedded engine's folder, but a cloud is named (--os-cloud, --os-* options, {CloudConfig.CloudVariable} or {CloudConfig.AuthUrlVariable}) and its Mistral keeps the state: " +
                    $"leave out --state-dir, or unset {CloudConfig.CloudVariable} and {CloudConfig.AuthUrlVariable} to use the embedded engine.");
            return Embedded(DefaultStateFolder(stateFolder), engineOptions);
        }
        var address = explicitEndpoint ? endpoint : Environment.GetEnvironmentVariable(EndpointVariable);
        var uri = string.IsNullOrWhiteSpace(address) ? null : MistralAddress(address);
        if (cloudWanted)
            return FromCloud(cloudName, explicitEndpoint ? (cloudSettings ?? new CloudSettings()) with { WorkflowEndpointOverride = uri } : cloudSettings);
        return uri is null ? Embedded(DefaultStateFolder(stateFolder), engineOptions) : Mistral(uri);
    }

    private static Uri MistralAddress(string address) =>
        Uri.TryCreate(address.Trim(), UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
            ? uri
            : throw new StackTargetException($"'{address}' is not an http(s) address of a Mistral API, e.g. http://127.0.0.1:8989.");

    /// <summary>
    /// Where the default target keeps its state: the folder given, else <c>MISTRAL_STATE_DIR</c>, else the project's
    /// <c>.mistral/</c> while the program runs from that project's own build output (<c>dotnet run</c>; the build
    /// records both folders), else a folder of the user's: <c>$XDG_STATE_HOME/mistraltemplates/PROGRAM</c> (by default
    /// <c>~/.local/state/mistraltemplates/PROGRAM</c>) on Linux and macOS, <c>%LOCALAPPDATA%\MistralTemplates\PROGRAM</c>
    /// on Windows. So a published or copied program never writes into the source tree it was built from.
    /// </summary>
    /// <exception cref="StackTargetException">No folder is given and the user has no home folder.</exception>
    public static string DefaultStateFolder(string? stateFolder = null)
    {
        var program = System.Reflection.Assembly.GetEntryAssembly();
        return DefaultStateFolders.Choose(stateFolder, Environment.GetEnvironmentVariable(StateFolderVariable),
            ProjectFolderMetadata.Read(program), ProjectFolderMetadata.ReadOutputFolder(program), AppContext.BaseDirectory,
            () => DefaultStateFolders.PerUserFolder(program?.GetName().Name ?? "program", OperatingSystem.IsWindows(), Environment.GetEnvironmentVariable));
    }

    /// <summary>
    /// The program's project folder, recorded at build time by the package's build targets (so <c>dotnet run --project
    /// examples/HelloWorkflow</c> from elsewhere still finds the example's folder); the current directory when the
    /// program was built without them or runs where that folder does not exist. The state goes there only as
    /// <see cref="DefaultStateFolder"/> says.
    /// </summary>
    public static string ProjectFolder()
    {
        var recorded = ProjectFolderMetadata.Read(System.Reflection.Assembly.GetEntryAssembly());
        return recorded is not null && System.IO.Directory.Exists(recorded) ? recorded : Environment.CurrentDirectory;
    }

    /// <summary>Whether the target's executions run in this process (the embedded engine), so it must not exit before they end.</summary>
    public bool RunsExecutionsInProcess => Service is EmbeddedWorkflowService;

    /// <summary>
    /// Waits until the executions this process runs have finished; at once for a real Mistral, which runs them itself.
    /// <paramref name="slow"/> is called once when that takes longer than <paramref name="patience"/>.
    /// </summary>
    public async Task WaitForRunningAsync(TimeSpan? patience = null, Action? slow = null, CancellationToken cancellationToken = default)
    {
        if (Service is not EmbeddedWorkflowService engine) return;
        var waiting = engine.WaitForRunningAsync(cancellationToken);
        if (slow is not null && await Task.WhenAny(waiting, Task.Delay(patience ?? TimeSpan.FromSeconds(1), cancellationToken)).ConfigureAwait(false) != waiting)
            slow();
        await waiting.ConfigureAwait(false);
    }

    public override string ToString() => Description;

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0 || !_ownsService) return;
        (Service as IDisposable)?.Dispose();
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0 || !_ownsService) return;
        if (Service is IAsyncDisposable asyncDisposable) await asyncDisposable.DisposeAsync().ConfigureAwait(false);
        else (Service as IDisposable)?.Dispose();
    }
}

/// <summary>No target can be made from what was given; the message says what to give.</summary>
public sealed class StackTargetException(string message) : Exception(message);
