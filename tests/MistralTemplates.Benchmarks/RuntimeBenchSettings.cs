using System;
using System.Globalization;

namespace MistralTemplates.Benchmarks;

/// <summary>The options of the <c>deploy</c> and <c>executions-attr</c> modes.</summary>
internal sealed record RuntimeBenchSettings
{
    public const string Usage = """
        deploy [--resources N] [--rounds R] [--parallelism P] [--no-cli] [--state-in-memory] [--heat URL] [--heat-calls-log FILE]
        executions-attr [--count N] [--rounds R] [--no-cli] [--heat URL --heat-db FILE] [--heat-calls-log FILE]
          --resources N         workflows in the deployed stack, each with a cron trigger (50)
          --count N             executions the workflow resource must have; missing ones are started first (2000)
          --rounds R            rounds, each running every side once in a rotating order, after one warm-up (3)
          --parallelism P       requests in flight for the floor and resources at once for the deploy (1)
          --no-cli              leave out the command line run as its own process
          --state-in-memory     also deploy with the stack's record kept in memory, to show what writing it to Mistral costs
          --heat URL            also measure Heat on the same Mistral, e.g. http://127.0.0.1:8004/v1/admin
          --heat-calls-log FILE a log with one line per Mistral request Heat makes (a logging proxy's), to count them
          --heat-db FILE        Heat's SQLite database, where the execution ids of Heat's resource are recorded
        The server is MISTRAL_URL, else http://127.0.0.1:8989.
        """;

    public int Resources { get; init; } = 50;
    public int Count { get; init; } = 2000;
    public int Rounds { get; init; } = 3;
    public int Parallelism { get; init; } = 1;
    public bool Cli { get; init; } = true;
    public bool StateInMemory { get; init; }
    public Uri? Heat { get; init; }
    public string? HeatCallsLog { get; init; }
    public string? HeatDatabase { get; init; }

    /// <summary>The settings, or null (after printing why and the usage) when the arguments are wrong.</summary>
    public static RuntimeBenchSettings? Parse(string mode, string[] args)
    {
        var settings = new RuntimeBenchSettings();
        for (var i = 0; i < args.Length; i++)
        {
            var value = i + 1 < args.Length ? args[i + 1] : null;
            var next = (args[i], value) switch
            {
                ("--no-cli", _) => settings with { Cli = false },
                ("--state-in-memory", _) when mode == DeployComparison.Command => settings with { StateInMemory = true },
                (_, null) => null,
                ("--resources", _) when mode == DeployComparison.Command => Positive(value) is { } n ? settings with { Resources = n } : null,
                ("--count", _) when mode == ExecutionsAttributeComparison.Command => Positive(value) is { } n ? settings with { Count = n } : null,
                ("--rounds", _) => Positive(value) is { } n ? settings with { Rounds = n } : null,
                ("--parallelism", _) when mode == DeployComparison.Command => Positive(value) is { } n ? settings with { Parallelism = n } : null,
                ("--heat", _) => Uri.TryCreate(value, UriKind.Absolute, out var heat) ? settings with { Heat = heat } : null,
                ("--heat-calls-log", _) => settings with { HeatCallsLog = value },
                ("--heat-db", _) when mode == ExecutionsAttributeComparison.Command => settings with { HeatDatabase = value },
                _ => null,
            };
            if (next is null)
            {
                Console.Error.WriteLine($"{mode}: cannot use '{args[i]} {value}'.");
                Console.Error.WriteLine(Usage);
                return null;
            }
            if (args[i] is not ("--no-cli" or "--state-in-memory")) i++;
            settings = next;
        }
        if (mode == ExecutionsAttributeComparison.Command && settings.Heat is not null && settings.HeatDatabase is null)
        {
            Console.Error.WriteLine($"{mode}: --heat needs --heat-db, where the ids of the executions Heat lists are recorded.");
            return null;
        }
        return settings;
    }

    private static int? Positive(string text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0 ? n : null;
}
