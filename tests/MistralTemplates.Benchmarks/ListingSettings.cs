using System;
using System.Globalization;

namespace MistralTemplates.Benchmarks;

/// <summary>The options of the <c>list-executions</c> mode.</summary>
internal sealed record ListingSettings
{
    public const string Usage = """
        list-executions [--count N] [--runs R] [--per-id M] [--parallelism P] [--workflow NAME]
          --count N        executions the workflow must have at least (5000); missing ones are started first
          --runs R         rounds, each running every listing once (after one warm-up each); medians are reported (5)
          --per-id M       executions read one GET at a time, as Heat reads its executions attribute (500)
          --parallelism P  starts in flight at once while creating missing executions (4)
          --workflow NAME  the workflow whose executions are listed (bench_listing)
        The server is MISTRAL_URL, else http://127.0.0.1:8989.
        """;

    public int Count { get; init; } = 5000;
    public int Runs { get; init; } = 5;
    public int PerId { get; init; } = 500;
    public int Parallelism { get; init; } = 4;
    public string Workflow { get; init; } = "bench_listing";

    /// <summary>The settings, or null (after printing why and the usage) when the arguments are wrong.</summary>
    public static ListingSettings? Parse(string[] args)
    {
        var settings = new ListingSettings();
        for (var i = 0; i < args.Length; i += 2)
        {
            var value = i + 1 < args.Length ? args[i + 1] : null;
            settings = (args[i], value) switch
            {
                (_, null) => null,
                ("--count", _) => Positive(value) is { } n ? settings with { Count = n } : null,
                ("--runs", _) => Positive(value) is { } n ? settings with { Runs = n } : null,
                ("--per-id", _) => Positive(value) is { } n ? settings with { PerId = n } : null,
                ("--parallelism", _) => Positive(value) is { } n ? settings with { Parallelism = n } : null,
                ("--workflow", _) => settings with { Workflow = value },
                _ => null,
            };
            if (settings is null)
            {
                Console.Error.WriteLine($"list-executions: cannot use '{args[i]} {value}'.");
                Console.Error.WriteLine(Usage);
                return null;
            }
        }
        return settings;
    }

    private static int? Positive(string text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0 ? n : null;
}
