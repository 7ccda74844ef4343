using System;
using System.IO;

namespace MistralTemplates.Tests.Embedded;

/// <summary>A fresh folder for one test's embedded engine, deleted afterwards.</summary>
public sealed class TempStateFolder : IDisposable
{
    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "mt-embedded-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless.
        }
        catch (UnauthorizedAccessException)
        {
            // The same.
        }
    }
}
