using System.Collections.Generic;
using System.Linq;
using MistralTemplates.Language.Diagnostics;
using MistralTemplates.Language.Resources;
using MistralTemplates.Language.Text;
using MistralTemplates.Language.Yaml;

namespace MistralTemplates.Language.Hot;

/// <summary>The argument rules of each function, from Heat's function classes.</summary>
internal sealed partial class FunctionWalker
{
    private static readonly string[] ResourceFacadeArguments = { "metadata", "deletion_policy", "update_policy" };
    private static readonly string[] MakeUrlKeys = { "scheme", "username", "password", "host", "port", "path", "query", "fragment" };

    private void CheckCall(string name, YamlEntry call, WalkMode mode)
    {
        var data = mode == WalkMode.Value ? WalkMode.Value : WalkMode.ConditionData;
        var args = call.Value;
        YamlSequence? list;
        YamlMapping? map;
        switch (name)
        {
            case "get_param":
                CheckGetParam(call, data);
                break;
            case "get_resource":
                if (args is YamlScalar { IsNull: false } resourceName) CheckResourceName(resourceName);
                else if (!Deferred(args, data)) Wrong(name, call, "it takes the name of a resource");
                break;
            case "get_attr":
                CheckGetAttr(call, data);
                break;
            case "get_file":
                if (args is YamlScalar { IsNull: false } path) _context.Files.TryRead(path, out _, out _);
                else Wrong(name, call, "the path must be a plain string");
                break;
            case "list_join":
                if (Sequence(name, call, data, 2, Version.IsAtLeast(HotVersions.V20151015) ? int.MaxValue : 2, out list))
                {
                    if (list!.Items[0] is not YamlScalar && !IsFunctionCall(list.Items[0])) Wrong(name, call, "the delimiter must be a string");
                    PushAll(list.Items, data);
                }
                break;
            case "str_replace":
            case "str_replace_strict":
            case "str_replace_vstrict":
                if (Mapping(name, call, data, new[] { "template", "params" }, new[] { "template", "params" }, out map))
                {
                    var parameters = map!["params"]!;
                    if (parameters is not YamlMapping && !IsFunctionCall(parameters)) Wrong(name, call, "params must be a mapping");
                    else PushAll(map.Entries.Select(e => e.Value), data);
                }
                break;
            case "str_split":
                if (Sequence(name, call, data, 2, 3, out list)) PushAll(list!.Items, data);
                break;
            case "repeat":
                var repeatKeys = Version.IsAtLeast(HotVersions.V20170901)
                    ? new[] { "for_each", "template", "permutations" }
                    : new[] { "for_each", "template" };
                if (Mapping(name, call, data, new[] { "for_each", "template" }, repeatKeys, out map))
                {
                    var forEach = map!["for_each"]!;
                    if (forEach is not YamlMapping && !IsFunctionCall(forEach)) Wrong(name, call, "for_each must be a mapping of placeholders to lists");
                    else PushAll(map.Entries.Select(e => e.Value), data);
                }
                break;
            case "digest":
            case "equals":
            case "contains":
            case "filter":
            case "map_replace":
            case "Fn::Select":
            case "Fn::Join":
            case "Fn::Split":
            case "Fn::Replace":
                if (Sequence(name, call, data, 2, 2, out list))
                {
                    if (name == "map_replace") CheckMapReplace(call, list!.Items[1]);
                    PushAll(list!.Items, data);
                }
                break;
            case "Fn::MemberListToMap":
                if (Sequence(name, call, data, 3, 3, out list)) PushAll(list!.Items, data);
                break;
            case "map_merge":
            case "list_concat":
            case "list_concat_unique":
                if (Sequence(name, call, data, 0, int.MaxValue, out list))
                {
                    var itemKind = name == "map_merge" ? "mappings" : "lists";
                    foreach (var item in list!.Items)
                    {
                        var fits = name == "map_merge" ? item is YamlMapping : item is YamlSequence;
                        if (!fits && !IsFunctionCall(item) && item is not YamlScalar { IsNull: true })
                        {
                            Wrong(name, call, $"every item must be one of the {itemKind} to combine, not {item.Describe()}");
                            break;
                        }
                    }
                    PushAll(list.Items, data);
                }
                break;
            case "yaql":
                if (Mapping(name, call, data, new[] { "expression" }, new[] { "expression", "data" }, out map))
                    PushAll(map!.Entries.Select(e => e.Value), data);
                break;
            case "make_url":
                if (Mapping(name, call, data, new string[0], MakeUrlKeys, out map))
                    PushAll(map!.Entries.Select(e => e.Value), data);
                break;
            case "if":
                if (Sequence(name, call, data, Version.IsAtLeast(HotVersions.V20210416) ? 2 : 3, 3, out list))
                {
                    _pending.Push((list!.Items[0], WalkMode.Condition));
                    PushAll(list.Items.Skip(1), data);
                }
                break;
            case "not":
                if (args is YamlSequence || args is YamlScalar { IsNull: true }) Wrong(name, call, "it takes one condition");
                else _pending.Push((args, WalkMode.Condition));
                break;
            case "and":
            case "or":
                if (Sequence(name, call, WalkMode.Condition, 2, int.MaxValue, out list)) PushAll(list!.Items, WalkMode.Condition);
                break;
            case "resource_facade":
            case "Fn::ResourceFacade":
                if (args is not YamlScalar facade || !ResourceFacadeArguments.Contains(facade.Value))
                    Wrong(name, call, "it takes metadata, deletion_policy or update_policy");
                break;
            case "Ref":
                if (args is YamlScalar { IsNull: false } reference)
                {
                    if (_context.ResourceNames.Contains(reference.Value)) CheckResourceName(reference);
                    else CheckParameterName(reference);
                }
                else Wrong(name, call, "it takes the name of a parameter or a resource");
                break;
            default:
                // Fn::GetAZs, Fn::Base64: any single value.
                _pending.Push((args, data));
                break;
        }
    }

    /// <summary>A function call in place of the arguments: walk it, check the shape at deploy time.</summary>
    private bool Deferred(YamlNode args, WalkMode mode)
    {
        if (!IsFunctionCall(args)) return false;
        _pending.Push((args, mode));
        return true;
    }

    private bool Sequence(string name, YamlEntry call, WalkMode mode, int min, int max, out YamlSequence? list)
    {
        list = call.Value as YamlSequence;
        if (list is null)
        {
            if (!Deferred(call.Value, mode)) Wrong(name, call, $"it takes a list, not {call.Value.Describe()}");
            return false;
        }
        if (list.Count < min || list.Count > max)
        {
            var expected = min == max ? $"{min}" : max == int.MaxValue ? $"at least {min}" : $"{min} to {max}";
            return Wrong(name, call, $"it takes {expected} arguments, found {list.Count}");
        }
        return true;
    }

    private bool Mapping(string name, YamlEntry call, WalkMode mode, string[] required, string[] allowed, out YamlMapping? map)
    {
        map = call.Value as YamlMapping;
        if (map is null || IsFunctionCall(map))
        {
            if (!Deferred(call.Value, mode)) Wrong(name, call, $"it takes a mapping, not {call.Value.Describe()}");
            map = null;
            return false;
        }
        foreach (var key in required)
            if (!map.ContainsKey(key)) return Wrong(name, call, $"'{key}' is missing");
        foreach (var entry in map.Entries)
            if (entry.KeyText is not { } key || !allowed.Contains(key))
                return Wrong(name, call, $"'{entry.KeyText ?? entry.Key.Describe()}' is not one of its keys ({string.Join(", ", allowed)})");
        return true;
    }

    private void CheckMapReplace(YamlEntry call, YamlNode replacements)
    {
        if (replacements is not YamlMapping map || IsFunctionCall(replacements)) return;
        foreach (var entry in map.Entries)
            if (entry.KeyText is not ("keys" or "values"))
                Wrong("map_replace", call, $"'{entry.KeyText}' is not one of keys, values");
    }

    private void CheckGetParam(YamlEntry call, WalkMode data)
    {
        var args = call.Value;
        if (args is YamlScalar { IsNull: false } scalar)
        {
            CheckParameterName(scalar);
            return;
        }
        if (args is YamlSequence { Count: > 0 } list)
        {
            if (list.Items[0] is YamlScalar { IsNull: false } first) CheckParameterName(first);
            else if (!IsFunctionCall(list.Items[0])) Wrong("get_param", call, "the parameter name must be a string");
            PushAll(list.Items, data);
            return;
        }
        if (!Deferred(args, data)) Wrong("get_param", call, "it takes a parameter name or a list [name, path...]");
    }

    private void CheckParameterName(YamlScalar name)
    {
        if (_context.ParameterNames.Contains(name.Value) || IntrinsicFunctions.PseudoParameters.Contains(name.Value)) return;
        var known = _context.ParameterNames.Concat(IntrinsicFunctions.PseudoParameters).ToList();
        _context.Report(DiagnosticCatalog.UnknownParameterReference, name.Span, name.Value, HotParseContext.List(known),
            NameSuggestions.Hint(name.Value, known));
    }

    private bool CheckResourceName(YamlScalar name)
    {
        if (_context.ResourceNames.Contains(name.Value))
        {
            AddReference(name);
            return true;
        }
        _context.Report(DiagnosticCatalog.UnknownResourceReference, name.Span, name.Value, HotParseContext.List(_context.ResourceNames),
            NameSuggestions.Hint(name.Value, _context.ResourceNames));
        return false;
    }

    private void CheckGetAttr(YamlEntry call, WalkMode data)
    {
        var min = Version.IsAtLeast(HotVersions.V20151015) ? 1 : 2;
        if (!Sequence("get_attr", call, data, min, int.MaxValue, out var list)) return;
        var items = list!.Items;
        PushAll(items, data);
        if (items[0] is not YamlScalar { IsNull: false } resourceName)
        {
            if (!IsFunctionCall(items[0])) Wrong("get_attr", call, "the resource name must be a string");
            return;
        }
        if (!CheckResourceName(resourceName) || items.Count < 2) return;
        if (items[1] is not YamlScalar { IsNull: false } attribute) return;
        if (!_context.Resources.TryGetValue(resourceName.Value, out var target) || _context.Options.FindSchema(target.Type) is not { } schema) return;
        if (attribute.Value == "show") return;
        if (schema.Attributes.All(a => a.Name != attribute.Value))
        {
            var attributes = schema.Attributes.Select(a => a.Name).Concat(new[] { "show" }).ToList();
            _context.Report(DiagnosticCatalog.UnknownAttribute, attribute.Span, attribute.Value, target.Name, target.Type,
                HotParseContext.List(attributes), NameSuggestions.Hint(attribute.Value, attributes));
            return;
        }
        if (items.Count > 2) _context.AttributePaths.Add(new PendingAttributePath(target, attribute.Value, items.Skip(2).ToList()));
    }
}
