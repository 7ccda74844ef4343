using System;
using System.IO;

namespace MistralTemplates.Client.Tests.Unit;

/// <summary>Answers and request bodies of a real Mistral API (TestData/transcript, see its README).</summary>
internal static class Transcript
{
    public static string Read(string file) =>
        File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "TestData", "transcript", file));
}
