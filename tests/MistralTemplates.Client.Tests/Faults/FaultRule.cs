using System;
using System.Net.Http;

namespace MistralTemplates.Mistral.Tests.Faults;

/// <summary>
/// Applies <see cref="Fault"/> to the next <c>times</c> requests that match; after that the rule is used up
/// and matching requests fall through to later rules or are forwarded untouched.
/// </summary>
public sealed class FaultRule
{
    private readonly Func<IncomingRequest, bool> _matches;
    private int _remaining;

    public FaultRule(Func<IncomingRequest, bool> matches, Fault fault, int times = 1)
    {
        ArgumentNullException.ThrowIfNull(matches);
        ArgumentNullException.ThrowIfNull(fault);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(times);
        _matches = matches;
        Fault = fault;
        _remaining = times;
    }

    public Fault Fault { get; }

    /// <summary>How many more matching requests this rule will take.</summary>
    public int Remaining => _remaining;

    /// <summary>Any request at all.</summary>
    public static FaultRule Any(Fault fault, int times = 1) => new(_ => true, fault, times);

    /// <summary>
    /// The <paramref name="n"/>-th request this rule is asked about (1 for the first). Put it first, or alone: rules
    /// before it that take a request keep that request from being counted.
    /// </summary>
    public static FaultRule Nth(int n, Fault fault)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(n);
        var seen = 0; // the proxy asks its rules under its lock, one request at a time
        return new(_ => ++seen == n, fault);
    }

    /// <summary>Requests with this method whose path is <paramref name="pathPrefix"/> or lies below it (see <see cref="PathIsUnder"/>).</summary>
    public static FaultRule For(HttpMethod method, string pathPrefix, Fault fault, int times = 1) =>
        new(r => r.Method == method && PathIsUnder(r.PathAndQuery, pathPrefix), fault, times);

    /// <summary>
    /// Whole-segment prefix match, ignoring the query: "/v2/executions" matches "/v2/executions",
    /// "/v2/executions/ID" and "/v2/executions?limit=1", but not "/v2/executions_archive".
    /// </summary>
    public static bool PathIsUnder(string pathAndQuery, string pathPrefix)
    {
        int query = pathAndQuery.IndexOf('?');
        string path = query < 0 ? pathAndQuery : pathAndQuery[..query];
        string prefix = pathPrefix.TrimEnd('/');
        return path.StartsWith(prefix, StringComparison.Ordinal)
            && (path.Length == prefix.Length || path[prefix.Length] == '/');
    }

    /// <summary>Takes one use of the rule if it matches; the proxy calls this under its lock.</summary>
    internal bool TryTake(IncomingRequest request)
    {
        if (_remaining == 0 || !_matches(request))
        {
            return false;
        }
        _remaining--;
        return true;
    }
}
