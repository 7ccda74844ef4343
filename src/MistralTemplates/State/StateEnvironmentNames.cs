using System;

namespace MistralTemplates.State;

/// <summary>
/// The names of the environments that hold stack state. A stack name has only letters, digits, '_', '-' and '.',
/// so the '~' that separates a lock's name from a claim's token cannot come from a stack name.
/// </summary>
internal sealed class StateEnvironmentNames
{
    /// <summary>Mistral keeps environment names in a 200-character column.</summary>
    public const int MaxEnvironmentName = 200;

    private const int TokenLength = 32;   // Guid "N"

    public StateEnvironmentNames(string prefix)
    {
        if (string.IsNullOrEmpty(prefix) || prefix.Contains('~') || prefix.Contains(' '))
            throw new ArgumentException($"The environment prefix '{prefix}' must be non-empty, without spaces or '~'.", nameof(prefix));
        RecordPrefix = prefix + ".stack.";
        LockPrefix = prefix + ".lock.";
        MaxStackName = MaxEnvironmentName - LockPrefix.Length - 1 - TokenLength;
    }

    public string RecordPrefix { get; }

    public string LockPrefix { get; }

    /// <summary>The longest stack name whose every environment name fits Mistral's column.</summary>
    public int MaxStackName { get; }

    public string Record(string stack) => RecordPrefix + Checked(stack);

    public string Lock(string stack) => LockPrefix + Checked(stack);

    /// <summary>The claim on a lock whose current token is <paramref name="token"/>: whoever creates it may change that lock.</summary>
    public string Claim(string stack, string token) => Lock(stack) + "~" + token;

    /// <summary>What every claim on the stack's lock starts with.</summary>
    public string ClaimPrefix(string stack) => Lock(stack) + "~";

    public static string NewToken() => Guid.NewGuid().ToString("N");

    /// <summary>The stack whose record this environment holds, or null for any other environment.</summary>
    public string? StackOfRecord(string environmentName)
    {
        if (!environmentName.StartsWith(RecordPrefix, StringComparison.Ordinal)) return null;
        var stack = environmentName[RecordPrefix.Length..];
        return IsValid(stack) ? stack : null;
    }

    private string Checked(string stack)
    {
        StackNames.Validate(stack);
        if (stack.Length > MaxStackName)
            throw new ArgumentException(
                $"The stack name '{stack}' is {stack.Length} characters long; state kept in Mistral allows at most " +
                $"{MaxStackName} (environment names are limited to {MaxEnvironmentName} characters).", nameof(stack));
        return stack;
    }

    private bool IsValid(string stack)
    {
        try
        {
            Checked(stack);
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
