using System;
using System.Collections.Generic;
using System.Threading.Tasks;

namespace MistralTemplates.Mistral.Http.Resources;

/// <summary>
/// A create whose first answer was lost and whose retry met 409: the first attempt probably made the object. Read
/// what the service holds and compare it with what was asked: the same means the create succeeded; different means
/// someone else made it, which is a real conflict and is reported as such.
/// </summary>
internal static class RetriedCreate
{
    public static async Task<IReadOnlyList<T>> ResolveDeclarationsAsync<T>(MistralConflictException conflict, string kind,
        string definition, Func<string, Task<T>> get, Func<T, string?> storedDefinition) where T : notnull
    {
        var asked = DefinitionComparison.Read(definition);
        if (asked is null) throw conflict;
        var existing = new List<T>();
        foreach (var name in DefinitionComparison.DeclaredNames(asked))
        {
            var stored = await get(name).ConfigureAwait(false);
            if (!DefinitionComparison.SameDeclaration(asked, name, storedDefinition(stored)))
                throw Different(conflict, $"{kind} '{name}'", stored);
            existing.Add(stored);
        }
        return existing;
    }

    public static MistralConflictException Different(MistralConflictException conflict, string what, object existing) =>
        new($"{conflict.Method} {conflict.Path} → 409: {what} already exists and differs from what was asked. " +
            "The create was retried after its first answer was lost, and the object the service holds is not that " +
            "attempt's: another client made it. Delete or rename it, or update it instead.",
            conflict.Method, conflict.Path, conflict.StatusCode, conflict.ServerMessage)
        { Attempts = conflict.Attempts, Existing = existing };
}
