using System;

namespace MistralTemplates.Mistral.Tests.Infrastructure;

/// <summary>
/// Decides whether the tests that need a real Mistral run. A developer without one may set
/// MISTRAL_SKIP_INTEGRATION=1; under CI=true the switch is ignored, so a missing server fails the run
/// instead of passing it silently.
/// </summary>
public static class MistralIntegrationSwitch
{
    public const string SkipVariable = "MISTRAL_SKIP_INTEGRATION";

    /// <summary>The skip reason for these variable values, or null when the tests must run.</summary>
    public static string? SkipReason(string? skipSwitch, string? ci)
    {
        if (IsTrue(ci))
            return null;
        return IsTrue(skipSwitch)
            ? $"{SkipVariable} is set: tests against a real Mistral server are skipped (never under CI=true)."
            : null;
    }

    public static string? SkipReasonFromEnvironment() =>
        SkipReason(Environment.GetEnvironmentVariable(SkipVariable), Environment.GetEnvironmentVariable("CI"));

    internal static bool IsTrue(string? value) =>
        value is not null && (value.Trim() == "1" || value.Trim().Equals("true", StringComparison.OrdinalIgnoreCase));
}

/// <summary>A fact that needs a real Mistral server; skipped only as <see cref="MistralIntegrationSwitch"/> allows.</summary>
public sealed class MistralFactAttribute : FactAttribute
{
    public MistralFactAttribute() => Skip = MistralIntegrationSwitch.SkipReasonFromEnvironment();
}

/// <summary>A theory that needs a real Mistral server; skipped only as <see cref="MistralIntegrationSwitch"/> allows.</summary>
public sealed class MistralTheoryAttribute : TheoryAttribute
{
    public MistralTheoryAttribute() => Skip = MistralIntegrationSwitch.SkipReasonFromEnvironment();
}
