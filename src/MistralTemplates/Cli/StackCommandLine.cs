using System;
using System.Collections.Generic;
using System.CommandLine;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using MistralTemplates.Deployment;
using MistralTemplates.Engine;
using Alarms = MistralTemplates.Deployment.Alarms;
using MistralTemplates.Mistral;
using MistralTemplates.Mistral.Http;
using MistralTemplates.State;

namespace MistralTemplates.Cli;

/// <summary>
/// The command line every example gets with one line in Program.cs:
/// <c>return await StackCommandLine.RunAsync(new HelloStack("hello"), args);</c>
/// Verbs: deploy, plan, signal, executions, outputs, attribute, destroy, state list|show|unlock, alarm trigger, serve, expr;
/// without one, deploy the stack and run its first workflow. Exit codes: 0 success, 1 failure, 2 usage, 3 damaged state (a stack record or engine.db that cannot be read). With
/// <c>--json</c>, stdout holds one JSON document and nothing else; progress, notices and errors go to stderr.
/// </summary>
public static class StackCommandLine
{
    public const int Success = 0;
    public const int Failure = 1;
    public const int Usage = 2;

    /// <summary>Exit code for a stack record or an <c>engine.db</c> that cannot be read; nothing was changed.</summary>
    public const int DamagedState = 3;

    /// <param name="withoutVerb">What to do without a verb; by default deploy the stack, start its first workflow and show the result.</param>
    public static Task<int> RunAsync(Stack stack, string[] args, Func<Stack, int>? withoutVerb = null) =>
        RunAsync(stack, args, Console.Out, Console.Error, withoutVerb);

    /// <summary>
    /// As <see cref="RunAsync(Stack, string[], Func{Stack, int}?)"/>, with the embedded engine given the host's own
    /// actions (<paramref name="engineOptions"/>), e.g. simulated <c>nova.*</c> actions for the workflows to call. They
    /// apply only when the target is the embedded engine; a real Mistral (<c>--endpoint</c>, <c>MISTRAL_URL</c>) runs
    /// the actions installed on it.
    /// </summary>
    public static Task<int> RunAsync(Stack stack, string[] args, EngineOptions engineOptions)
    {
        ArgumentNullException.ThrowIfNull(engineOptions);
        return RunAsync(stack, args, Console.Out, Console.Error, withoutVerb: null, engineOptions);
    }

    /// <summary>As <see cref="RunAsync(Stack, string[], Func{Stack, int}?)"/>, writing to <paramref name="output"/> and <paramref name="error"/>.</summary>
    public static Task<int> RunAsync(Stack stack, string[] args, System.IO.TextWriter output, System.IO.TextWriter error,
        Func<Stack, int>? withoutVerb = null) =>
        RunAsync(stack, args, output, error, withoutVerb, engineOptions: null);

    internal static async Task<int> RunAsync(Stack stack, string[] args, System.IO.TextWriter output, System.IO.TextWriter error,
        Func<Stack, int>? withoutVerb, EngineOptions? engineOptions, System.IO.TextReader? input = null)
    {
        var ui = new StackConsole(output, error);
        var stackName = new Option<string>("--stack") { Description = $"The stack's name (default: {stack.StackName}).", Recursive = true };
        var parameters = new Option<string[]>("--param") { Description = "A template parameter, KEY=VALUE; repeat for more.", Recursive = true, AllowMultipleArgumentsPerToken = false };
        var endpoint = new Option<string>("--endpoint")
        {
            Description = "The Mistral API, e.g. http://127.0.0.1:8989 (default: $MISTRAL_URL); with a cloud, over its catalog's.", Recursive = true,
        };
        var stateDir = new Option<string>("--state-dir")
        {
            Description = $"Where the embedded engine keeps its state when no Mistral is named (default: ${StackTarget.StateFolderVariable}, else the project's " +
                          ".mistral/ under dotnet run, else a folder of the user's).",
            Recursive = true,
        };
        // An empty value is a mistake (an unset shell variable, say), not a request for the default.
        RefuseBlank(endpoint, "an http(s) address of a Mistral API, e.g. http://127.0.0.1:8989; leave the option out for $MISTRAL_URL or the embedded engine");
        RefuseBlank(stateDir, "a folder; leave the option out for the default folder");
        var json = new Option<bool>("--json") { Description = "Print one JSON document on stdout (progress and messages go to stderr).", Recursive = true };
        var verbose = new Option<bool>("--verbose") { Description = "On an error, also print its detail (the exception and where it came from) on stderr.", Recursive = true };
        var deleteExecutions = new Option<bool>("--delete-executions") { Description = "Also delete the executions of deleted workflow resources." };
        var keepFailed = new Option<bool>("--keep-failed") { Description = "Keep what a failed first deploy made, instead of rolling it back." };
        var breakLock = new Option<bool>("--break-lock")
        {
            Description = "Take the stack's lock even while another run's lease on it runs (that run is dead, or stuck on another machine).",
        };
        var parallel = new Option<int>("--parallel")
        {
            Description = "How many resources may be changed at once; 1 goes one at a time.",
            DefaultValueFactory = _ => DeployOptions.DefaultMaxParallelism,
        };
        parallel.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() < 1) result.AddError("--parallel must be 1 or more.");
        });

        var publicUrl = new Option<string>("--public-url")
        {
            Description = $"Where `serve` is reached from outside, for the signal URLs (alarm_url) the stack hands out (default: ${Webhooks.PublicUrl.EnvironmentVariable}, else what the stack has, else {Webhooks.SignalGatewayOptions.DefaultUrl}).",
        };
        var root = new RootCommand($"Deploy and run the stack of {stack.StackTemplate.Path}.") { stackName, parameters, endpoint, stateDir, json, verbose };
        var cloud = new CloudOptions();
        cloud.AddTo(root);
        var context = new Func<ParseResult, CommandContext>(result => new CommandContext(
            CheckedStackName(result.GetValue(stackName) ?? stack.StackName), ParseParameters(stack.ParameterValues, result.GetValue(parameters)),
            result.GetValue(endpoint), result.GetValue(stateDir), result.GetValue(json), result.GetValue(json) ? ui.ForJson() : ui, engineOptions,
            cloud.CloudName(result), cloud.Settings(result)));
        // Every verb: its context made (and its options checked) inside the guard, so each error is one line and an exit code.
        Task<int> Run(ParseResult result, Func<CommandContext, Task<int>> verb) =>
            Guarded(ui, result.GetValue(verbose), () => verb(context(result)));

        var deploy = new Command("deploy", "Create or update the stack so it matches the template.") { deleteExecutions, keepFailed, breakLock, parallel, publicUrl };
        deploy.SetAction((result, token) => Run(result, verb => verb.DeployAsync(stack.StackTemplate,
            new DeployOptions
            {
                DeleteExecutions = result.GetValue(deleteExecutions), KeepFailedCreate = result.GetValue(keepFailed), BreakLock = result.GetValue(breakLock),
                PublicUrl = ParsePublicUrl(result.GetValue(publicUrl)),
                MaxParallelism = result.GetValue(parallel),
            }, token)));

        var plan = new Command("plan", "Show what deploy would change, and why, without changing anything.");
        plan.SetAction((result, token) => Run(result, verb => verb.PlanAsync(stack.StackTemplate, token)));

        var resource = new Argument<string>("resource") { Description = "The resource's name in the template." };
        var workflow = new Option<string>("--workflow") { Description = "Which of the resource's workflows (short name)." };
        var data = new Option<string>("--data", "-D") { Description = "The signal data as JSON: {\"input\": {...}, \"params\": {...}}." };
        var wait = new Option<bool>("--wait") { Description = "Wait for the execution to finish and show it." };
        var signal = new Command("signal", "Start an execution of a workflow resource.") { resource, workflow, data, wait };
        signal.SetAction((result, token) => Run(result, verb => verb.SignalAsync(result.GetValue(resource)!, result.GetValue(workflow),
            result.GetValue(data), result.GetValue(wait), token)));

        var executionsResource = new Argument<string>("resource") { Description = "The workflow resource." };
        var executions = new Command("executions", "List the executions of a workflow resource.") { executionsResource };
        executions.SetAction((result, token) => Run(result, verb => verb.ExecutionsAsync(result.GetValue(executionsResource)!, token)));

        var outputs = new Command("outputs", "Show the stack's outputs.");
        outputs.SetAction((result, token) => Run(result, verb => verb.OutputsAsync(token)));

        var attributeResource = new Argument<string>("resource") { Description = "The resource." };
        var attributeName = new Argument<string>("name") { Description = "The attribute, e.g. executions or available_workflows." };
        var attribute = new Command("attribute", "Show one attribute of a resource.") { attributeResource, attributeName };
        attribute.SetAction((result, token) => Run(result, verb => verb.AttributeAsync(result.GetValue(attributeResource)!, result.GetValue(attributeName)!, token)));

        var destroy = new Command("destroy", "Delete every resource of the stack and its record.") { deleteExecutions, breakLock, parallel };
        destroy.SetAction((result, token) => Run(result, verb => verb.DestroyAsync(
            new DeployOptions
            {
                DeleteExecutions = result.GetValue(deleteExecutions), BreakLock = result.GetValue(breakLock), MaxParallelism = result.GetValue(parallel),
            }, token)));

        var stateList = new Command("list", "List the stacks the target holds.");
        stateList.SetAction((result, token) => Run(result, verb => verb.StateListAsync(token)));
        var stateShow = new Command("show", "Show the stack's record.");
        stateShow.SetAction((result, token) => Run(result, verb => verb.StateShowAsync(token)));
        var stateUnlock = new Command("unlock", "Remove the stack's lock, whoever holds it (a run that died on another machine).");
        stateUnlock.SetAction((result, token) => Run(result, verb => verb.StateUnlockAsync(token)));
        var stateRotate = new Command("rotate-secret", "Give the stack a new signal secret: every alarm_url handed out before stops working.");
        stateRotate.SetAction((result, token) => Run(result, verb => verb.StateRotateSecretAsync(token)));
        var state = new Command("state", "The records of deployed stacks.") { stateList, stateShow, stateUnlock, stateRotate };

        var urls = new Option<string[]>("--urls")
        {
            Description = $"Where to listen, e.g. http://127.0.0.1:8080 (default); repeat for more. Anything but 127.0.0.1 exposes the gateway to the network.",
            AllowMultipleArgumentsPerToken = false,
        };
        var maxSignals = new Option<int?>("--max-signals-per-minute")
        {
            Description = "At most this many signals a minute for each signal URL; more get 429 with Retry-After (default: no limit).",
        };
        var serve = new Command("serve", "Serve signal URLs (alarm_url) for every stack of the target until Ctrl-C.") { urls, maxSignals };
        serve.SetAction((result, token) => Run(result, verb => verb.ServeAsync(result.GetValue(urls) is { Length: > 0 } given ? given : [Webhooks.SignalGatewayOptions.DefaultUrl],
            result.GetValue(maxSignals), token)));

        var alarmResource = new Argument<string>("resource") { Description = "The alarm resource (OS::Aodh::Alarm)." };
        var alarmState = new Option<string>("--state") { Description = "The state the alarm enters: alarm, ok or insufficient_data (default: alarm).", DefaultValueFactory = _ => "alarm" };
        var alarmReason = new Option<string>("--reason") { Description = "The notification's reason text." };
        var alarmTrigger = new Command("trigger", "Set the alarm's state and send Aodh's notification to each URL of that state's actions.") { alarmResource, alarmState, alarmReason };
        alarmTrigger.SetAction((result, token) => Run(result, verb => verb.AlarmTriggerAsync(result.GetValue(alarmResource)!,
            Alarms.AlarmStates.Parse(result.GetValue(alarmState) ?? "alarm") ?? throw new UsageException($"--state '{result.GetValue(alarmState)}' is not alarm, ok or insufficient_data."),
            result.GetValue(alarmReason), token)));
        var alarm = new Command("alarm", "The stack's alarms.") { alarmTrigger };

        var expr = new ExpressionCommand();
        expr.Command.SetAction((result, token) => Guarded(ui, result.GetValue(verbose), () => expr.RunAsync(result, input ?? Console.In, output, ui, token)));

        var version = root.Options.OfType<VersionOption>().Single();
        version.Action = new VersionAction(output);
        foreach (var command in new[] { deploy, plan, signal, executions, outputs, attribute, destroy, state, alarm, serve, expr.Command }) root.Subcommands.Add(command);
        root.SetAction((result, token) => withoutVerb is not null
            ? Task.FromResult(withoutVerb(stack))
            : Run(result, verb => verb.DefaultActionAsync(stack, token)));

        // No response files: a token such as `--data @file.json` is the option's own value (expr reads the file itself).
        var parsed = root.Parse(args, new ParserConfiguration { ResponseFileTokenReplacer = null });
        if (parsed.Errors.Count > 0)
        {
            // One line per problem; the hint rides on the last one, so a single mistake is a single line.
            for (var i = 0; i < parsed.Errors.Count; i++)
            {
                var problem = cloud.Redact(parsed.Errors[i].Message, args);
                ui.Error(i < parsed.Errors.Count - 1 ? problem : $"{problem} Run with --help to see the commands and options.");
            }
            return Usage;
        }
        if (cloud.SecretsGiven(parsed) is { Count: > 0 } secrets)
            ui.Warning($"{string.Join(", ", secrets)} on the command line can be read by other users of this machine; " +
                       "prefer the OS_* variable or secure.yaml.");
        // The gateway's host handles Ctrl-C/SIGTERM itself and finishes the requests in flight; the parser's own
        // handling would end the process after two seconds.
        var configuration = new InvocationConfiguration { Output = output, Error = error };
        if (parsed.CommandResult.Command == serve) configuration.ProcessTerminationTimeout = null;
        return await parsed.InvokeAsync(configuration).ConfigureAwait(false);
    }

    private static void RefuseBlank(Option<string> option, string what) =>
        option.Validators.Add(result =>
        {
            if (string.IsNullOrWhiteSpace(result.GetValueOrDefault<string>())) result.AddError($"{option.Name} needs {what}.");
        });

    /// <summary>
    /// What <c>--version</c> prints: the program's name and version, and the MistralTemplates runtime's, e.g.
    /// <c>HelloWorkflow 1.0.0 (MistralTemplates 0.1.0)</c>.
    /// </summary>
    internal static string VersionText(System.Reflection.Assembly? program) =>
        $"{(program is null ? "program" : $"{program.GetName().Name} {ProductVersion(program)}")} (MistralTemplates {ProductVersion(typeof(Stack).Assembly)})";

    /// <summary>The informational version without the source revision the SDK appends after '+'.</summary>
    private static string ProductVersion(System.Reflection.Assembly assembly)
    {
        var informational = System.Reflection.CustomAttributeExtensions.GetCustomAttribute<System.Reflection.AssemblyInformationalVersionAttribute>(assembly)?.InformationalVersion;
        return informational is { Length: > 0 } ? informational.Split('+', 2)[0] : assembly.GetName().Version?.ToString() ?? "unknown";
    }

    private sealed class VersionAction(System.IO.TextWriter output) : System.CommandLine.Invocation.SynchronousCommandLineAction
    {
        public override int Invoke(ParseResult parseResult)
        {
            output.WriteLine(VersionText(System.Reflection.Assembly.GetEntryAssembly()));
            return Success;
        }
    }

    /// <summary>
    /// Runs a verb and turns whatever it throws into one line on stderr and an exit code, never a stack trace;
    /// <paramref name="verbose"/> adds the exception's detail below that line.
    /// </summary>
    private static async Task<int> Guarded(StackConsole ui, bool verbose, Func<Task<int>> action)
    {
        try
        {
            return await action().ConfigureAwait(false);
        }
        catch (UsageException e)
        {
            ui.Error(e.Message);
            return Usage;
        }
        catch (Exception e) when (e is StackRecordException or EngineDatabaseException)
        {
            Report(ui, verbose, e, e.Message);
            return DamagedState;
        }
        catch (DeploymentException e)
        {
            Report(ui, verbose, e, ReportedLines(e));
            return Failure;
        }
        // NotSupportedException: a part of Mistral the embedded engine does not provide; its message names it.
        // StateFolderBusyException: another process kept the state folder's write lock past the wait's bound.
        // StateFolderReadOnlyException: a change asked of a state folder this user can only read.
        catch (Exception e) when (e is MistralException or StackStateException or ResourceException or NotSupportedException
            or StackTargetException or MistralTemplates.Engine.StateFolderBusyException or MistralTemplates.Engine.StateFolderReadOnlyException)
        {
            Report(ui, verbose, e, e.Message);
            return Failure;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Not one of the runtime's own errors (a database error, say): its type tells what failed.
            Report(ui, verbose, e, $"{e.GetType().Name}: {FirstLine(e.Message)}" + (verbose ? "" : " (run again with --verbose for the detail)"));
            return Failure;
        }
    }

    /// <summary>The runtime's own message as it is (a list of parameter problems, say); <c>--verbose</c> adds the detail.</summary>
    private static void Report(StackConsole ui, bool verbose, Exception e, string line)
    {
        ui.Error(line);
        if (verbose) ui.Detail(e.ToString());
    }

    /// <summary>
    /// A deploy error as the command line prints it: with one problem, the summary and the problem on one line
    /// (<c>stack: the stack has no resource 'x'; its workflow resources: workflow</c>); with several, one line each.
    /// </summary>
    private static string ReportedLines(DeploymentException e)
    {
        if (e.Problems.Count != 1) return e.Message;
        var summary = FirstLine(e.Message).TrimEnd('.');
        return $"{summary}; {string.Join(" ", e.Problems[0].Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))}";
    }

    private static string FirstLine(string text) => text.Split('\n', 2)[0].TrimEnd('\r');

    /// <summary>Heat's rule for stack names, checked before anything is sent.</summary>
    private static string CheckedStackName(string name)
    {
        try
        {
            StackNames.Validate(name);
            return name;
        }
        catch (ArgumentException e)
        {
            throw new UsageException("--stack: " + e.Message.Split(" (Parameter", 2)[0]);
        }
    }

    private static Uri? ParsePublicUrl(string? text)
    {
        try
        {
            return text is null ? null : Webhooks.PublicUrl.Parse(text, "--public-url");
        }
        catch (ArgumentException e)
        {
            throw new UsageException(e.Message);
        }
    }

    /// <summary>The stack's own parameter values, with each <c>--param KEY=VALUE</c> over them.</summary>
    private static IReadOnlyDictionary<string, string> ParseParameters(IReadOnlyDictionary<string, string> fromStack, string[]? pairs)
    {
        var values = new Dictionary<string, string>(fromStack, StringComparer.Ordinal);
        foreach (var pair in pairs ?? [])
        {
            var equals = pair.IndexOf('=');
            if (equals <= 0) throw new UsageException($"--param '{pair}' is not KEY=VALUE.");
            values[pair[..equals]] = pair[(equals + 1)..];
        }
        return values;
    }
}

/// <summary>A mistake in how the command was called; exit code 2.</summary>
internal sealed class UsageException(string message) : Exception(message);
