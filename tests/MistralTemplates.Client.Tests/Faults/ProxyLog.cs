using System.Net.Http;

namespace MistralTemplates.Mistral.Tests.Faults;

/// <summary>A request as the rules see it: path and query as the client sent them, the body decoded as UTF-8 so rules can look into JSON or YAML.</summary>
public sealed record IncomingRequest(HttpMethod Method, string PathAndQuery, string Body);

/// <summary>
/// One request the proxy saw. <paramref name="Fault"/> is the applied fault's name or "forwarded";
/// <paramref name="UpstreamStatus"/> is the upstream's answer if the request was forwarded and answered;
/// <paramref name="Completed"/> turns true once the proxy is done with the request (answered, dropped, or the client left).
/// </summary>
public sealed record ProxyLogEntry(HttpMethod Method, string PathAndQuery, string Fault, int? UpstreamStatus, bool Completed)
{
    public const string Forwarded = "forwarded";
}
