using System;
using System.Collections.Generic;
using System.Linq;

namespace MistralTemplates.Language.Hot;

/// <summary>
/// The heat_template_version values Heat accepts and what each one allows. Dates are ISO strings, so an
/// ordinal comparison orders them.
/// </summary>
public static class HotVersions
{
    public const string V20130523 = "2013-05-23";
    public const string V20141016 = "2014-10-16";
    public const string V20150430 = "2015-04-30";
    public const string V20151015 = "2015-10-15";
    public const string V20160408 = "2016-04-08";
    public const string V20161014 = "2016-10-14";
    public const string V20170224 = "2017-02-24";
    public const string V20170901 = "2017-09-01";
    public const string V20180302 = "2018-03-02";
    public const string V20180831 = "2018-08-31";
    public const string V20210416 = "2021-04-16";

    public static IReadOnlyList<string> Dates { get; } = new[]
    {
        V20130523, V20141016, V20150430, V20151015, V20160408, V20161014, V20170224, V20170901, V20180302,
        V20180831, V20210416,
    };

    /// <summary>The release names Heat accepts in place of a date.</summary>
    public static IReadOnlyDictionary<string, string> Aliases { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["newton"] = V20161014,
        ["ocata"] = V20170224,
        ["pike"] = V20170901,
        ["queens"] = V20180302,
        ["rocky"] = V20180831,
        ["wallaby"] = V20210416,
    };

    /// <summary>Every accepted spelling, for messages.</summary>
    public static string Listing => string.Join(", ", Dates.Concat(Aliases.Keys));

    /// <summary>Resolves what the template wrote (a date, read by YAML as a timestamp or a string, or an alias).</summary>
    public static bool TryResolve(string written, out string date, out string? alias)
    {
        written = written.Trim();
        alias = null;
        if (Aliases.TryGetValue(written, out var aliased))
        {
            date = aliased;
            alias = written;
            return true;
        }
        foreach (var d in Dates)
        {
            if (d == written)
            {
                date = d;
                return true;
            }
        }
        date = string.Empty;
        return false;
    }

    public static bool IsAtLeast(this HotVersion version, string date) =>
        string.CompareOrdinal(version.Date, date) >= 0;

    private static readonly string[] SectionsBase = { "heat_template_version", "description", "parameter_groups", "parameters", "resources", "outputs" };
    private static readonly string[] SectionsWithConditions = SectionsBase.Concat(new[] { "conditions" }).ToArray();
    private static readonly string[] ResourceKeysBase = { "type", "properties", "metadata", "depends_on", "deletion_policy", "update_policy", "description" };
    private static readonly string[] ResourceKeysWithConditions = ResourceKeysBase.Concat(new[] { "external_id", "condition" }).ToArray();
    private static readonly string[] OutputKeysBase = { "description", "value" };
    private static readonly string[] OutputKeysWithCondition = { "description", "value", "condition" };
    private static readonly string[] ParameterKeysBase = { "type", "description", "default", "schema", "constraints", "hidden", "label", "immutable" };
    private static readonly string[] ParameterKeysWithTags = ParameterKeysBase.Concat(new[] { "tags" }).ToArray();
    private static readonly string[] ConstraintKeysBase = { "description", "length", "range", "allowed_values", "allowed_pattern", "custom_constraint" };
    private static readonly string[] ConstraintKeysWithModulo = { "description", "length", "range", "modulo", "allowed_values", "allowed_pattern", "custom_constraint" };
    private static readonly string[] DeletionPoliciesBase = { "Delete", "Retain", "Snapshot" };
    private static readonly string[] DeletionPoliciesAnyCase = { "Delete", "Retain", "Snapshot", "delete", "retain", "snapshot" };

    /// <summary>The sections a template of this version may hold.</summary>
    public static IReadOnlyList<string> Sections(HotVersion version) =>
        version.IsAtLeast(V20161014) ? SectionsWithConditions : SectionsBase;

    public static IReadOnlyList<string> ResourceKeys(HotVersion version) =>
        version.IsAtLeast(V20161014) ? ResourceKeysWithConditions : ResourceKeysBase;

    public static IReadOnlyList<string> OutputKeys(HotVersion version) =>
        version.IsAtLeast(V20161014) ? OutputKeysWithCondition : OutputKeysBase;

    public static IReadOnlyList<string> ParameterKeys(HotVersion version) =>
        version.IsAtLeast(V20180302) ? ParameterKeysWithTags : ParameterKeysBase;

    public static IReadOnlyList<string> ConstraintKeys(HotVersion version) =>
        version.IsAtLeast(V20170224) ? ConstraintKeysWithModulo : ConstraintKeysBase;

    /// <summary>Heat accepts the lower-case spellings from 2016-10-14 on.</summary>
    public static IReadOnlyList<string> DeletionPolicies(HotVersion version) =>
        version.IsAtLeast(V20161014) ? DeletionPoliciesAnyCase : DeletionPoliciesBase;

    /// <summary>The version a section or key first appeared in, when it is one Heat knows in a later version.</summary>
    public static string? IntroducedIn(string sectionOrKey) => sectionOrKey switch
    {
        "conditions" or "condition" or "external_id" => V20161014,
        "modulo" => V20170224,
        "tags" => V20180302,
        _ => null,
    };
}
