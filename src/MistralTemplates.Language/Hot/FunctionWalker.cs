using System.Collections.Generic;
using System.Linq;
using MistralTemplates.Language.Diagnostics;
using MistralTemplates.Language.Resources;
using MistralTemplates.Language.Text;
using MistralTemplates.Language.Yaml;

namespace MistralTemplates.Language.Hot;

/// <summary>How the walker reads what it meets.</summary>
internal enum WalkMode
{
    /// <summary>A value: property, metadata, output value. Every intrinsic function of the version applies.</summary>
    Value,

    /// <summary>A condition: a string names a condition, and only condition functions apply.</summary>
    Condition,

    /// <summary>Data inside a condition function (equals' operands): strings are data, only condition functions apply.</summary>
    ConditionData,
}

/// <summary>
/// Finds every intrinsic function call under a node and checks it: available in the template's version,
/// arguments of the right shape and number, names that exist. Evaluates nothing. Walks with an explicit
/// stack, so the depth of the user's data cannot overflow ours.
/// </summary>
internal sealed partial class FunctionWalker
{
    private readonly HotParseContext _context;
    private readonly List<HotReference>? _references;
    private readonly Stack<(YamlNode Node, WalkMode Mode)> _pending = new();

    private FunctionWalker(HotParseContext context, List<HotReference>? references)
    {
        _context = context;
        _references = references;
    }

    /// <summary>Checks the functions under <paramref name="node"/>; adds the resources they use to <paramref name="references"/>.</summary>
    public static void Walk(HotParseContext context, YamlNode node, WalkMode mode, List<HotReference>? references)
    {
        var walker = new FunctionWalker(context, references);
        walker._pending.Push((node, mode));
        walker.Run();
    }

    /// <summary>Whether a node is written as a function call (<c>{get_param: x}</c>): its value is only known at deploy time.</summary>
    public static bool IsFunctionCall(YamlNode node) =>
        node is YamlMapping { Count: 1 } m && m.Entries[0].KeyText is { } key && IntrinsicFunctions.Find(key) is not null;

    private HotVersion Version => _context.Version;

    private void Run()
    {
        while (_pending.Count > 0)
        {
            var (node, mode) = _pending.Pop();
            switch (node)
            {
                case YamlScalar scalar:
                    if (mode == WalkMode.Condition) CheckConditionName(scalar);
                    break;
                case YamlSequence sequence:
                    if (mode == WalkMode.Condition)
                    {
                        _context.Report(DiagnosticCatalog.WrongValueShape, sequence.Span, "A condition",
                            "a condition name, a boolean or a condition function", "a list");
                        break;
                    }
                    PushAll(sequence.Items, mode);
                    break;
                case YamlMapping mapping:
                    VisitMapping(mapping, mode);
                    break;
            }
        }
    }

    private void VisitMapping(YamlMapping mapping, WalkMode mode)
    {
        if (mapping.Count == 1 && mapping.Entries[0].KeyText is { } name && IntrinsicFunctions.Find(name) is { } function)
        {
            var entry = mapping.Entries[0];
            if (mode == WalkMode.Value)
            {
                // equals/not/and/or are plain data outside conditions, as in Heat.
                if (!IntrinsicFunctions.IsConditionOnly(name))
                {
                    if (IsAvailable(function, entry.Key.Span)) CheckCall(name, entry, WalkMode.Value);
                    return;
                }
            }
            else
            {
                if (IntrinsicFunctions.ConditionFunctions(Version).Contains(name))
                {
                    CheckCall(name, entry, mode);
                    return;
                }
                if (IsAvailable(function, entry.Key.Span))
                    _context.Report(DiagnosticCatalog.FunctionNotAllowedInCondition, entry.Key.Span, name,
                        string.Join(", ", IntrinsicFunctions.ConditionFunctions(Version)));
                return;
            }
        }
        if (mode == WalkMode.Condition)
        {
            _context.Report(DiagnosticCatalog.WrongValueShape, mapping.Span, "A condition",
                "a condition name, a boolean or a condition function such as equals", "a mapping");
            return;
        }
        foreach (var entry in mapping.Entries) _pending.Push((entry.Value, mode));
    }

    private bool IsAvailable(IntrinsicFunction function, SourceSpan keySpan)
    {
        if (function.IsAvailableIn(Version)) return true;
        if (!Version.IsAtLeast(function.Since))
            _context.Report(DiagnosticCatalog.FunctionNeedsNewerVersion, keySpan, function.Name, Version.Date, function.Since);
        else
            _context.Report(DiagnosticCatalog.FunctionRemoved, keySpan, function.Name, function.RemovedIn, Version.Date,
                function.Replacement ?? string.Empty);
        return false;
    }

    private void CheckConditionName(YamlScalar scalar)
    {
        if (scalar.Kind == YamlScalarKind.Bool || scalar.IsNull) return;
        if (!_context.ConditionNames.Contains(scalar.Value))
            _context.Report(DiagnosticCatalog.UnknownConditionReference, scalar.Span, scalar.Value, HotParseContext.List(_context.ConditionNames),
                NameSuggestions.Hint(scalar.Value, _context.ConditionNames));
    }

    private void PushAll(IEnumerable<YamlNode> nodes, WalkMode mode)
    {
        foreach (var node in nodes) _pending.Push((node, mode));
    }

    /// <summary>Reports wrong arguments with the function's usage; returns false so callers can stop there.</summary>
    private bool Wrong(string name, YamlEntry call, string problem)
    {
        _context.Report(DiagnosticCatalog.WrongFunctionArguments, call.Key.Span, name, problem, IntrinsicFunctions.Find(name)!.Usage);
        return false;
    }

    private void AddReference(YamlScalar name)
    {
        _references?.Add(new HotReference(name.Value, name.Span));
    }
}
