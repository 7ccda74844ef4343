using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace MistralTemplates.Benchmarks;

/// <summary>One timed operation of one side: wall time and the HTTP calls it made (−1 when they could not be counted).</summary>
internal sealed record Sample(string Side, string Operation, TimeSpan Elapsed, int Calls, int Writes);

/// <summary>Samples grouped by side and operation, printed as medians with their spread.</summary>
internal sealed class SampleTable
{
    private readonly List<Sample> _samples = [];

    public void Add(Sample sample)
    {
        _samples.Add(sample);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  {sample.Side,-34} {sample.Operation,-10} {sample.Elapsed.TotalSeconds,8:0.000} s  {Count(sample.Calls),5} calls, {Count(sample.Writes)} writes"));
    }

    public TimeSpan Median(string side, string operation) => MedianOf(Of(side, operation).Select(s => s.Elapsed).ToList());

    public void Print(string? floorSide)
    {
        Console.WriteLine();
        Console.WriteLine("| side | operation | median | min – max | runs | HTTP calls | of which writes | median / floor |");
        Console.WriteLine("|---|---|---:|---:|---:|---:|---:|---:|");
        foreach (var group in _samples.GroupBy(s => (s.Side, s.Operation)))
        {
            var times = group.Select(s => s.Elapsed).ToList();
            var median = MedianOf(times);
            var floor = floorSide is null || !_samples.Any(s => s.Side == floorSide && s.Operation == group.Key.Operation)
                ? "" : (median / Median(floorSide, group.Key.Operation)).ToString("0.00", CultureInfo.InvariantCulture);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {group.Key.Side} | {group.Key.Operation} | {median.TotalSeconds:0.00} s | {times.Min().TotalSeconds:0.00} – {times.Max().TotalSeconds:0.00} s | " +
                $"{times.Count} | {Counts(group.Select(s => s.Calls))} | {Counts(group.Select(s => s.Writes))} | {floor} |"));
        }
    }

    private IEnumerable<Sample> Of(string side, string operation) => _samples.Where(s => s.Side == side && s.Operation == operation);

    private static TimeSpan MedianOf(List<TimeSpan> times) => times.OrderBy(t => t).ElementAt(times.Count / 2);

    private static string Count(int n) => n < 0 ? "?" : n.ToString(CultureInfo.InvariantCulture);

    /// <summary>One number when every run made the same calls, else each run's.</summary>
    private static string Counts(IEnumerable<int> counts)
    {
        var distinct = counts.Select(Count).ToList();
        return distinct.Distinct().Count() == 1 ? distinct[0] : string.Join(", ", distinct);
    }
}
