using System;
using System.Collections.Generic;
using System.Linq;

namespace MistralTemplates.Language.Hot;

/// <summary>One intrinsic function of HOT: the version that introduced it, the one that removed it, and its usage.</summary>
public sealed record IntrinsicFunction(string Name, string Since, string? RemovedIn, string Usage, string? Replacement = null)
{
    public bool IsAvailableIn(HotVersion version) =>
        version.IsAtLeast(Since) && (RemovedIn is null || !version.IsAtLeast(RemovedIn));
}

/// <summary>
/// The intrinsic functions per heat_template_version, as Heat's template classes declare them, and the
/// functions a condition may use.
/// </summary>
public static class IntrinsicFunctions
{
    private static readonly IntrinsicFunction[] Table =
    {
        new("get_param", HotVersions.V20130523, null, "get_param: name  or  get_param: [name, key_or_index, ...]"),
        new("get_resource", HotVersions.V20130523, null, "get_resource: resource_name"),
        new("get_attr", HotVersions.V20130523, null, "get_attr: [resource_name, attribute_name, key_or_index, ...]"),
        new("get_file", HotVersions.V20130523, null, "get_file: relative/path/to/file"),
        new("list_join", HotVersions.V20130523, null, "list_join: [delimiter, [item, ...], ...]"),
        new("str_replace", HotVersions.V20130523, null, "str_replace: {template: text, params: {placeholder: value}}"),
        new("resource_facade", HotVersions.V20130523, null, "resource_facade: metadata | deletion_policy | update_policy"),
        new("Fn::Select", HotVersions.V20130523, HotVersions.V20151015, "Fn::Select: [index, list]", "Use get_attr or get_param with a path."),
        new("Fn::GetAZs", HotVersions.V20130523, HotVersions.V20141016, "Fn::GetAZs: region", "Pass the availability zone as a parameter."),
        new("Fn::Join", HotVersions.V20130523, HotVersions.V20141016, "Fn::Join: [delimiter, [item, ...]]", "Use list_join."),
        new("Fn::Split", HotVersions.V20130523, HotVersions.V20141016, "Fn::Split: [delimiter, text]", "Use str_split (2015-10-15)."),
        new("Fn::Replace", HotVersions.V20130523, HotVersions.V20141016, "Fn::Replace: [{placeholder: value}, text]", "Use str_replace."),
        new("Fn::Base64", HotVersions.V20130523, HotVersions.V20141016, "Fn::Base64: text", "Pass the text as it is."),
        new("Fn::MemberListToMap", HotVersions.V20130523, HotVersions.V20141016, "Fn::MemberListToMap: [key_name, value_name, list]", "Use a json parameter."),
        new("Fn::ResourceFacade", HotVersions.V20130523, HotVersions.V20141016, "Fn::ResourceFacade: metadata", "Use resource_facade."),
        new("Ref", HotVersions.V20130523, HotVersions.V20141016, "Ref: name", "Use get_param or get_resource."),
        new("repeat", HotVersions.V20150430, null, "repeat: {for_each: {<%var%>: list}, template: value}"),
        new("digest", HotVersions.V20150430, null, "digest: [algorithm, value]"),
        new("str_split", HotVersions.V20151015, null, "str_split: [delimiter, text]  or  [delimiter, text, index]"),
        new("map_merge", HotVersions.V20160408, null, "map_merge: [{key1: value1}, {key2: value2}, ...]"),
        new("yaql", HotVersions.V20161014, null, "yaql: {expression: $.data.x, data: {x: value}}"),
        new("map_replace", HotVersions.V20161014, null, "map_replace: [map, {keys: {old: new}, values: {old: new}}]"),
        new("if", HotVersions.V20161014, null, "if: [condition, value_if_true, value_if_false]"),
        new("filter", HotVersions.V20170224, null, "filter: [[values_to_remove], list]"),
        new("str_replace_strict", HotVersions.V20170224, null, "str_replace_strict: {template: text, params: {placeholder: value}}"),
        new("make_url", HotVersions.V20170901, null, "make_url: {scheme: http, host: example.com, port: 80, path: /, query: {k: v}, fragment: f}"),
        new("list_concat", HotVersions.V20170901, null, "list_concat: [[item, ...], [item, ...]]"),
        new("str_replace_vstrict", HotVersions.V20170901, null, "str_replace_vstrict: {template: text, params: {placeholder: value}}"),
        new("list_concat_unique", HotVersions.V20170901, null, "list_concat_unique: [[item, ...], [item, ...]]"),
        new("contains", HotVersions.V20170901, null, "contains: [value, list]"),
    };

    /// <summary>Functions that exist only inside conditions (the conditions section, a condition key, the first argument of if).</summary>
    private static readonly IntrinsicFunction[] ConditionOnly =
    {
        new("equals", HotVersions.V20161014, null, "equals: [value1, value2]"),
        new("not", HotVersions.V20161014, null, "not: condition"),
        new("and", HotVersions.V20161014, null, "and: [condition1, condition2, ...]"),
        new("or", HotVersions.V20161014, null, "or: [condition1, condition2, ...]"),
    };

    private static readonly Dictionary<string, IntrinsicFunction> ByName =
        Table.Concat(ConditionOnly).ToDictionary(f => f.Name, StringComparer.Ordinal);

    /// <summary>Every function any version of HOT knows, by name.</summary>
    public static IntrinsicFunction? Find(string name) => ByName.TryGetValue(name, out var f) ? f : null;

    public static bool IsConditionOnly(string name) => name is "equals" or "not" or "and" or "or";

    /// <summary>What a condition may call in this version: get_param, equals, not, and, or; yaql and contains from 2017-09-01.</summary>
    public static IReadOnlyList<string> ConditionFunctions(HotVersion version) =>
        version.IsAtLeast(HotVersions.V20170901) ? ConditionFunctionsFrom20170901 : ConditionFunctionsFrom20161014;

    private static readonly string[] ConditionFunctionsFrom20161014 = { "get_param", "equals", "not", "and", "or" };
    private static readonly string[] ConditionFunctionsFrom20170901 = { "get_param", "equals", "not", "and", "or", "yaql", "contains" };

    /// <summary>The parameters every stack has without declaring them.</summary>
    public static IReadOnlyList<string> PseudoParameters { get; } = new[] { "OS::stack_name", "OS::stack_id", "OS::project_id" };
}
