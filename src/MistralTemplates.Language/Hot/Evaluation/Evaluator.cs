using System;
using System.Collections.Generic;
using System.Linq;
using MistralTemplates.Language.Diagnostics;
using MistralTemplates.Language.Text;
using MistralTemplates.Language.Yaml;

namespace MistralTemplates.Language.Hot.Evaluation;

/// <summary>Which functions a node may call: those of values, or those of conditions.</summary>
internal enum FunctionTable
{
    Value,
    Condition,
}

/// <summary>
/// Evaluates template nodes with Heat's semantics for the template's version. Errors are collected, never
/// thrown; a function whose arguments already failed is skipped, so one mistake gives one error. Recursion
/// is bounded by <see cref="HotEvaluator.MaxDepth"/>.
/// </summary>
internal sealed partial class Evaluator
{
    /// <summary>An <c>if</c> without a false branch whose condition is false: the enclosing item is left out.</summary>
    internal static readonly object Omitted = new();

    private readonly HotEvaluationContext _context;
    private readonly ConditionTable? _conditionsBeingBuilt;
    private readonly List<EvaluationError> _errors;
    private int _depth;

    public Evaluator(HotEvaluationContext context, List<EvaluationError> errors, ConditionTable? conditionsBeingBuilt = null, int depth = 0)
    {
        _context = context;
        _errors = errors;
        _conditionsBeingBuilt = conditionsBeingBuilt;
        _depth = depth;
    }

    public int Depth => _depth;

    private HotVersion Version => _context.Template.Version;

    private ConditionTable Conditions => _conditionsBeingBuilt ?? _context.Conditions;

    /// <summary>Evaluates a node; the result may be <see cref="Omitted"/>.</summary>
    public object? Evaluate(YamlNode node, FunctionTable table)
    {
        if (_depth >= HotEvaluator.MaxDepth)
        {
            if (!_errors.Any(e => e.Message.StartsWith(TooDeep, StringComparison.Ordinal)))
                Error(node.Span, $"{TooDeep} {HotEvaluator.MaxDepth} levels; simplify the value");
            return null;
        }
        _depth++;
        try
        {
            return EvaluateNode(node, table);
        }
        finally
        {
            _depth--;
        }
    }

    private const string TooDeep = "The value nests functions and data deeper than";

    private object? EvaluateNode(YamlNode node, FunctionTable table)
    {
        switch (node)
        {
            case YamlScalar scalar:
                return LiteralValues.FromScalar(scalar);
            case YamlSequence sequence:
            {
                var list = new List<object?>(sequence.Count);
                foreach (var item in sequence.Items)
                {
                    var value = Evaluate(item, table);
                    if (!ReferenceEquals(value, Omitted)) list.Add(value);
                }
                return list;
            }
            case YamlMapping mapping:
            {
                if (mapping.Count == 1 && mapping.Entries[0].KeyText is { } name && IsFunction(name, table))
                    return Call(name, mapping.Entries[0], table);
                var map = new Dictionary<string, object?>(StringComparer.Ordinal);
                foreach (var entry in mapping.Entries)
                {
                    var value = Evaluate(entry.Value, table);
                    if (!ReferenceEquals(value, Omitted)) map[LiteralValues.KeyOf(entry)] = value;
                }
                return map;
            }
            default:
                return null;
        }
    }

    /// <summary>equals, not, and, or are plain data outside conditions, as in Heat.</summary>
    private static bool IsFunction(string name, FunctionTable table) =>
        IntrinsicFunctions.Find(name) is not null && (table == FunctionTable.Condition || !IntrinsicFunctions.IsConditionOnly(name));

    private object? Call(string name, YamlEntry call, FunctionTable table)
    {
        var function = IntrinsicFunctions.Find(name)!;
        if (table == FunctionTable.Condition && !IntrinsicFunctions.ConditionFunctions(Version).Contains(name))
        {
            if (!function.IsAvailableIn(Version)) return Unavailable(function, call);
            return Error(call.Key.Span, DiagnosticCatalog.FunctionNotAllowedInCondition.Format(name,
                string.Join(", ", IntrinsicFunctions.ConditionFunctions(Version))));
        }
        if (!function.IsAvailableIn(Version)) return Unavailable(function, call);
        switch (name)
        {
            case "get_param": return GetParam(call, table);
            case "get_resource": return GetResource(call, table);
            case "get_attr": return GetAttr(call, table);
            case "get_file": return GetFile(call, table);
            case "Ref": return Ref(call, table);
            case "list_join": return ListJoin(call, table);
            case "Fn::Join": return JoinSingleList(call, table);
            case "str_replace":
            case "str_replace_strict":
            case "str_replace_vstrict":
                return StrReplace(call, table);
            case "Fn::Replace": return FnReplace(call, table);
            case "str_split": return StrSplit(call, table);
            case "Fn::Split": return FnSplit(call, table);
            case "Fn::Base64": return FnBase64(call, table);
            case "digest": return Digest(call, table);
            case "repeat": return Repeat(call, table);
            case "map_merge": return MapMerge(call, table);
            case "map_replace": return MapReplace(call, table);
            case "list_concat":
            case "list_concat_unique":
                return ListConcat(call, table);
            case "filter": return Filter(call, table);
            case "contains": return Contains(call, table);
            case "make_url": return MakeUrl(call, table);
            case "Fn::Select": return FnSelect(call, table);
            case "Fn::MemberListToMap": return FnMemberListToMap(call, table);
            case "yaql": return Yaql(call, table);
            case "if": return If(call);
            case "equals": return EqualsFunction(call, table);
            case "not": return Not(call, table);
            case "and":
            case "or":
                return AndOr(call, table);
            case "resource_facade":
            case "Fn::ResourceFacade":
                return ResourceFacade(call);
            case "Fn::GetAZs":
                return Error(call.Key.Span, "'Fn::GetAZs' asks the cloud for its availability zones, which this runtime does not do; pass the zone as a parameter.");
            default:
                return Error(call.Key.Span, $"'{name}' cannot be evaluated at run time.");
        }
    }

    private object? Unavailable(IntrinsicFunction function, YamlEntry call)
    {
        if (!Version.IsAtLeast(function.Since))
            return Error(call.Key.Span, DiagnosticCatalog.FunctionNeedsNewerVersion.Format(function.Name, Version.Date, function.Since));
        return Error(call.Key.Span, DiagnosticCatalog.FunctionRemoved.Format(function.Name, function.RemovedIn, Version.Date,
            function.Replacement ?? string.Empty).TrimEnd());
    }

    /// <summary>Records an error; returns null so callers can <c>return Error(...)</c>.</summary>
    private object? Error(SourceSpan span, string message)
    {
        _errors.Add(new EvaluationError(message, span));
        return null;
    }

    /// <summary>Wrong arguments, with the function's usage.</summary>
    private object? Wrong(YamlEntry call, string problem) =>
        Error(call.Key.Span, DiagnosticCatalog.WrongFunctionArguments.Format(call.KeyText, problem, IntrinsicFunctions.Find(call.KeyText!)!.Usage));

    private int Mark => _errors.Count;

    /// <summary>For the condition table: an error met while resolving a condition's name.</summary>
    public void ReportError(SourceSpan span, string message) => Error(span, message);

    /// <summary>For the condition table: the errors of a condition this evaluation depends on, once each.</summary>
    public void ReportErrors(IEnumerable<EvaluationError> errors)
    {
        foreach (var error in errors)
            if (!_errors.Contains(error)) _errors.Add(error);
    }

    /// <summary>True when errors were added since <paramref name="mark"/>: the caller's arguments failed.</summary>
    private bool FailedSince(int mark) => _errors.Count > mark;

    /// <summary>An argument's value; an <see cref="Omitted"/> argument is null, as Heat's resolve makes it.</summary>
    private object? Argument(YamlNode node, FunctionTable table)
    {
        var value = Evaluate(node, table);
        return ReferenceEquals(value, Omitted) ? null : value;
    }

    /// <summary>
    /// When <paramref name="inspected"/> holds values not known yet, the deferred result of <paramref name="call"/>;
    /// else null and the function can go on.
    /// </summary>
    private static DeferredValue? DeferredResult(YamlEntry call, params object?[] inspected)
    {
        var found = new List<DeferredValue>();
        foreach (var value in inspected) found.AddRange(PythonValues.FindDeferred(value));
        return found.Count == 0 ? null : DeferredValue.Combine(call.KeyText!, found);
    }

    /// <summary>Like <see cref="DeferredResult"/>, looking only at the values themselves and the items of lists and mappings, not deeper.</summary>
    private static DeferredValue? ShallowDeferredResult(YamlEntry call, IEnumerable<object?> inspected)
    {
        var found = new List<DeferredValue>();
        foreach (var value in inspected)
        {
            if (value is DeferredValue d) found.Add(d);
            else if (value is List<object?> list) found.AddRange(list.OfType<DeferredValue>());
            else if (value is Dictionary<string, object?> map) found.AddRange(map.Values.OfType<DeferredValue>());
        }
        return found.Count == 0 ? null : DeferredValue.Combine(call.KeyText!, found);
    }

    /// <summary>A literal list of arguments of a length in [<paramref name="min"/>, <paramref name="max"/>], as Heat checks them before resolving.</summary>
    private YamlSequence? ArgumentList(YamlEntry call, int min, int max)
    {
        if (call.Value is not YamlSequence list)
        {
            Wrong(call, $"it takes a list, not {call.Value.Describe()}");
            return null;
        }
        if (list.Count < min || list.Count > max)
        {
            var expected = min == max ? $"{min}" : max == int.MaxValue ? $"at least {min}" : $"{min} to {max}";
            Wrong(call, $"it takes {expected} arguments, found {list.Count}");
            return null;
        }
        return list;
    }

    /// <summary>A literal mapping of arguments with the <paramref name="required"/> keys.</summary>
    private YamlMapping? ArgumentMap(YamlEntry call, FunctionTable table, params string[] required)
    {
        if (call.Value is not YamlMapping map || map.Count == 1 && map.Entries[0].KeyText is { } key && IsFunction(key, table))
        {
            Wrong(call, $"it takes a mapping, not {(call.Value is YamlMapping ? "a function call" : call.Value.Describe())}");
            return null;
        }
        foreach (var name in required)
        {
            if (map.ContainsKey(name)) continue;
            Wrong(call, $"'{name}' is missing");
            return null;
        }
        return map;
    }

    private static string Names(IEnumerable<string> names)
    {
        var all = names.ToList();
        return all.Count == 0 ? "(none)" : string.Join(", ", all);
    }
}
