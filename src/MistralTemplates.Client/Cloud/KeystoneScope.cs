namespace MistralTemplates.Mistral.Cloud;

/// <summary>
/// Who a Keystone token speaks for and where: the user, and the project (or domain) it is scoped to. Stacks of one
/// project are invisible to another, so messages and per-project state use this.
/// </summary>
/// <param name="UserId">The user's id.</param>
/// <param name="UserName">The user's name.</param>
/// <param name="ProjectId">The project's id; <see langword="null"/> for a domain-scoped token.</param>
/// <param name="ProjectName">The project's name; <see langword="null"/> for a domain-scoped token.</param>
/// <param name="DomainId">For a domain-scoped token, the domain's id; else <see langword="null"/>.</param>
/// <param name="DomainName">For a domain-scoped token, the domain's name; else <see langword="null"/>.</param>
public sealed record KeystoneScope(string UserId, string UserName, string? ProjectId, string? ProjectName,
    string? DomainId = null, string? DomainName = null)
{
    /// <summary>For messages: <c>project demo (1234…)</c> or <c>domain Default</c>.</summary>
    public string Describe() =>
        ProjectId is not null ? $"project {ProjectName ?? ProjectId} ({ProjectId})" : $"domain {DomainName ?? DomainId}";
}
