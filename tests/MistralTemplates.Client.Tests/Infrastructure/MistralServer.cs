using System;
using System.Diagnostics;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using MistralTemplates.Mistral.Http;

namespace MistralTemplates.Mistral.Tests.Infrastructure;

/// <summary>The tests that share one real Mistral server.</summary>
[CollectionDefinition(Name)]
public sealed class MistralServerCollection : ICollectionFixture<MistralServer>
{
    public const string Name = "Mistral server";
}

/// <summary>
/// The real Mistral server of a test run: the one at MISTRAL_URL when that is set (CI starts one, and a developer
/// may point at any server), otherwise one started here with scripts/mistral-server.sh and stopped at the end.
/// Tests share it, so they name what they create with <see cref="UniqueName"/>.
/// </summary>
public sealed class MistralServer : IAsyncLifetime
{
    public const string UrlVariable = "MISTRAL_URL";

    // A server that refuses connections this long is taken for dead, so a wrong MISTRAL_URL fails fast.
    private static readonly TimeSpan ExternalServerDeadline = TimeSpan.FromSeconds(10);

    // A server that accepts connections but is slow to answer (the machine is busy) is waited for this long.
    private static readonly TimeSpan BusyServerDeadline = TimeSpan.FromMinutes(3);

    // The other test assemblies' turns at the same server, all of them, fit in this.
    private static readonly TimeSpan TurnPatience = TimeSpan.FromMinutes(25);

    private static readonly TimeSpan PatientAttempt = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan PatientCall = TimeSpan.FromMinutes(10);

    private Uri? _endpoint;
    private MistralServerScript? _ownServer;
    private MistralServerTurn? _turn;

    /// <summary>The base endpoint, such as http://127.0.0.1:8989/ (the API is under v2/).</summary>
    public Uri Endpoint => _endpoint ?? throw new InvalidOperationException(
        "No Mistral server: the integration tests are switched off (" + MistralIntegrationSwitch.SkipVariable + ").");

    /// <summary>
    /// Client options for this server that wait for it when it is busy: on a loaded 2-core machine one validate of a
    /// big workbook takes nearly two minutes, over three times the client's default attempt timeout, and a retry
    /// only sends the single-threaded server the same work again. A refused connection still fails within seconds.
    /// </summary>
    public MistralClientOptions ClientOptions() => new()
    {
        Endpoint = Endpoint,
        Resilience = new MistralResilienceOptions { AttemptTimeout = PatientAttempt, TotalTimeout = PatientCall },
    };

    /// <summary>A name no other test uses: the prefix, an underscore and eight hex digits.</summary>
    public static string UniqueName(string prefix) => $"{prefix}_{Guid.NewGuid().ToString("N")[..8]}";

    public async Task InitializeAsync()
    {
        // Every test of the collection is skipped then; starting a server for none of them would only cost time.
        if (MistralIntegrationSwitch.SkipReasonFromEnvironment() is not null)
            return;

        string? url = Environment.GetEnvironmentVariable(UrlVariable);
        if (!string.IsNullOrWhiteSpace(url))
        {
            Uri endpoint = NormalizeEndpoint(url);
            // Every test assembly of a run shares this server: one at a time, so that it is never overloaded.
            _turn = await MistralServerTurn.TakeAsync(endpoint, TurnPatience);
            TimeSpan waited = ExternalServerDeadline;
            string? problem = await MistralReadiness.ProblemWithinAsync(endpoint, ExternalServerDeadline);
            if (problem is not null && await MistralReadiness.AcceptsConnectionsAsync(endpoint))
            {
                waited = BusyServerDeadline;
                problem = await MistralReadiness.ProblemWithinAsync(endpoint, BusyServerDeadline);
            }
            if (problem is not null)
            {
                _turn.Dispose();
                _turn = null;
                throw new InvalidOperationException(
                    $"{UrlVariable} is '{url}', but GET {endpoint}v2/ did not answer 200 within " +
                    $"{waited.TotalSeconds:0} s ({problem}). Start a server " +
                    $"(scripts/mistral-server.sh start) or unset {UrlVariable} to let the tests start their own.");
            }
            _endpoint = endpoint;
            return;
        }

        _ownServer = MistralServerScript.InNewTempDirectory();
        _endpoint = await _ownServer.StartAsync();
    }

    public async Task DisposeAsync()
    {
        _turn?.Dispose();
        if (_ownServer is null)
            return;
        await _ownServer.StopAsync();
        _ownServer.DeleteDataDirectory();
    }

    /// <summary>
    /// The base endpoint with a trailing slash, so that "v2/..." resolves under it. A URL that names the API
    /// root (…/v2) is accepted too, because that is what Mistral reports as its own uri.
    /// </summary>
    public static Uri NormalizeEndpoint(string url)
    {
        string trimmed = url.Trim().TrimEnd('/');
        if (trimmed.EndsWith("/v2", StringComparison.OrdinalIgnoreCase))
            trimmed = trimmed[..^3];
        if (!Uri.TryCreate(trimmed + "/", UriKind.Absolute, out Uri? endpoint)
            || (endpoint.Scheme != Uri.UriSchemeHttp && endpoint.Scheme != Uri.UriSchemeHttps))
            throw new InvalidOperationException($"{UrlVariable} is '{url}', which is not an http(s) URL.");
        return endpoint;
    }
}

/// <summary>Polls GET v2/ of a Mistral endpoint with plain HTTP (no client library types).</summary>
public static class MistralReadiness
{
    /// <summary>Whether something listens at the endpoint's port: a busy server does, a dead one does not.</summary>
    public static async Task<bool> AcceptsConnectionsAsync(Uri endpoint)
    {
        using var probe = new System.Net.Sockets.TcpClient();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            await probe.ConnectAsync(endpoint.Host, endpoint.Port, timeout.Token);
            return true;
        }
        catch (Exception e) when (e is System.Net.Sockets.SocketException or OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>Null when the server answered 200 before the deadline, else what went wrong last.</summary>
    public static async Task<string?> ProblemWithinAsync(Uri endpoint, TimeSpan deadline)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(3) };
        var clock = Stopwatch.StartNew();
        string problem = "no answer";
        while (true)
        {
            try
            {
                using HttpResponseMessage response = await http.GetAsync(new Uri(endpoint, "v2/"));
                if (response.StatusCode == HttpStatusCode.OK)
                    return null;
                problem = $"HTTP {(int)response.StatusCode}";
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                problem = e.Message;
            }
            if (clock.Elapsed >= deadline)
                return problem;
            await Task.Delay(TimeSpan.FromMilliseconds(200));
        }
    }
}

/// <summary>
/// One test process's turn at a shared Mistral server. dotnet test runs the test assemblies at once, each in its own
/// process, and the single-process server of scripts/mistral-server.sh stops answering for minutes on a small machine
/// when they all call it together. A turn is an exclusive lock on a file named after the endpoint, so the assemblies'
/// server tests take the server one after another; the system drops the lock of a process that dies, so a killed run
/// never blocks the next one.
/// </summary>
public sealed class MistralServerTurn : IDisposable
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(500);

    private readonly FileStream _lock;

    private MistralServerTurn(FileStream lockFile) => _lock = lockFile;

    /// <summary>The lock file of an endpoint's turns in <paramref name="directory"/> (the temp folder by default).</summary>
    public static string LockPath(Uri endpoint, string? directory = null) =>
        Path.Combine(directory ?? Path.GetTempPath(), $"mistral-tests-{endpoint.Host}-{endpoint.Port}.lock");

    /// <summary>
    /// Waits until no other test process holds the endpoint's turn and takes it; past <paramref name="patience"/>
    /// a <see cref="TimeoutException"/> names the process that still holds it.
    /// </summary>
    public static async Task<MistralServerTurn> TakeAsync(Uri endpoint, TimeSpan patience, string? directory = null)
    {
        string path = LockPath(endpoint, directory);
        var clock = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                var lockFile = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
                // Beside the lock, which others cannot open while it is held: who holds it, for their wait message.
                string testAssembly = typeof(MistralServerTurn).Assembly.GetName().Name ?? "unknown";
                File.WriteAllText(path + ".holder", $"pid {Environment.ProcessId} ({testAssembly})");
                return new MistralServerTurn(lockFile);
            }
            catch (IOException) when (clock.Elapsed < patience)
            {
                await Task.Delay(PollInterval);
            }
            catch (IOException e)
            {
                throw new TimeoutException(
                    $"The Mistral server at {endpoint} was still taken by another test process, {Holder(path)}, " +
                    $"after {patience.TotalSeconds:0} s ({path}: {e.Message}).", e);
            }
        }
    }

    /// <summary>Gives the server to the next test process.</summary>
    public void Dispose() => _lock.Dispose();

    private static string Holder(string path)
    {
        try
        {
            string holder = File.ReadAllText(path + ".holder").Trim();
            return holder.Length > 0 ? holder : "unknown";
        }
        catch (IOException)
        {
            return "unknown";
        }
    }
}

/// <summary>scripts/mistral-server.sh for one data directory: start on a free port, status, stop.</summary>
public sealed class MistralServerScript
{
    // The first start on a machine installs Mistral (about two minutes); later ones take seconds.
    private static readonly TimeSpan StartDeadline = TimeSpan.FromMinutes(6);
    private static readonly TimeSpan StopDeadline = TimeSpan.FromMinutes(1);

    public MistralServerScript(string dataDirectory) => DataDirectory = dataDirectory;

    public string DataDirectory { get; }

    public static MistralServerScript InNewTempDirectory() =>
        new(Path.Combine(Path.GetTempPath(), MistralServer.UniqueName("mistral-tests")));

    public static string ScriptPath { get; } = FindScript();

    /// <summary>
    /// Starts a server on a free port (or finds the one already running for this data directory) and returns its
    /// endpoint. The server stops by itself if this test process dies without stopping it.
    /// </summary>
    public async Task<Uri> StartAsync()
    {
        ScriptResult result = await RunAsync(StartDeadline,
            "start", "--port", "auto", "--data-dir", DataDirectory, "--fresh",
            "--owner-pid", Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (result.ExitCode != 0)
            throw new InvalidOperationException(
                $"{ScriptPath} start failed (exit {result.ExitCode}); {MistralServer.UrlVariable} is not set, so the " +
                $"tests start their own server. Its output:\n{result.Errors}");
        return MistralServer.NormalizeEndpoint(result.Output);
    }

    /// <summary>The endpoint if the server of this data directory runs and answers, else null.</summary>
    public async Task<Uri?> StatusAsync()
    {
        ScriptResult result = await RunAsync(StopDeadline, "status", "--data-dir", DataDirectory);
        return result.ExitCode == 0 ? MistralServer.NormalizeEndpoint(result.Output) : null;
    }

    public async Task StopAsync()
    {
        ScriptResult result = await RunAsync(StopDeadline, "stop", "--data-dir", DataDirectory);
        if (result.ExitCode != 0)
            throw new InvalidOperationException($"{ScriptPath} stop failed (exit {result.ExitCode}):\n{result.Errors}");
    }

    public void DeleteDataDirectory()
    {
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp directory is not worth failing a test run for.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private sealed record ScriptResult(int ExitCode, string Output, string Errors);

    private static async Task<ScriptResult> RunAsync(TimeSpan deadline, params string[] arguments)
    {
        var start = new ProcessStartInfo("/bin/bash")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(ScriptPath);
        foreach (string argument in arguments)
            start.ArgumentList.Add(argument);

        using var process = Process.Start(start)
            ?? throw new InvalidOperationException($"Could not run {ScriptPath}.");
        Task<string> output = process.StandardOutput.ReadToEndAsync();
        Task<string> errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(deadline);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException(
                $"{ScriptPath} {string.Join(' ', arguments)} did not finish within {deadline.TotalSeconds:0} s.");
        }
        return new ScriptResult(process.ExitCode, (await output).Trim(), await errors);
    }

    // The script lives in the repository, next to MistralTemplates.sln above the test's output directory.
    private static string FindScript()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "MistralTemplates.sln")))
                return Path.Combine(directory.FullName, "scripts", "mistral-server.sh");
        }
        throw new InvalidOperationException(
            $"MistralTemplates.sln not found above {AppContext.BaseDirectory}: cannot find scripts/mistral-server.sh. " +
            $"Set {MistralServer.UrlVariable} to a running Mistral instead.");
    }
}
