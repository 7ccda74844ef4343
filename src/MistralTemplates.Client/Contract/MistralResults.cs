using System.Threading.Tasks;

namespace MistralTemplates.Mistral;

public static class MistralResults
{
    /// <summary>The object, or null when the service says it does not exist.</summary>
    public static async Task<T?> OrNullIfNotFound<T>(this Task<T> lookup) where T : class
    {
        try
        {
            return await lookup.ConfigureAwait(false);
        }
        catch (MistralNotFoundException)
        {
            return null;
        }
    }
}
