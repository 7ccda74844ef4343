using System;
using System.IO;

namespace MistralTemplates.Engine.Tests;

/// <summary>An engine on a folder of its own, deleted afterwards.</summary>
public sealed class TempEngine : IDisposable
{
    public TempEngine()
    {
        Folder = Path.Combine(Path.GetTempPath(), "mt-engine-" + Guid.NewGuid().ToString("N")[..8]);
        Service = EmbeddedWorkflowService.Open(Folder);
    }

    public string Folder { get; }

    public EmbeddedWorkflowService Service { get; private set; }

    /// <summary>Closes the engine and opens it again on the same folder, as a restarted host would.</summary>
    public EmbeddedWorkflowService Reopen()
    {
        Service.Dispose();
        Service = EmbeddedWorkflowService.Open(Folder);
        return Service;
    }

    public void Dispose()
    {
        Service.Dispose();
        Directory.Delete(Folder, recursive: true);
    }
}
