using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using Microsoft.CodeAnalysis;
using MistralTemplates.Generators.Model;

namespace MistralTemplates.Generators.Tests;

/// <summary>Pipeline models must be plain values: anything else defeats caching or keeps compilations alive.</summary>
public class ModelShapeTests
{
    private static readonly string[] ForbiddenNamespaces =
    {
        "MistralTemplates.Language.Hot", "MistralTemplates.Language.Dsl", "MistralTemplates.Language.Yaml",
        "MistralTemplates.Language.Resources", "MistralTemplates.Language.Expressions", "MistralTemplates.Language.Diagnostics",
    };

    public static TheoryData<Type> ModelTypes()
    {
        var data = new TheoryData<Type>();
        foreach (var type in typeof(FileResult).Assembly.GetTypes().Where(t => t.Namespace == typeof(FileResult).Namespace && !t.IsNested))
            data.Add(type);
        return data;
    }

    [Theory]
    [MemberData(nameof(ModelTypes))]
    public void Model_holds_no_symbol_compilation_syntax_yaml_or_language_model(Type type)
    {
        var problems = new List<string>();
        Walk(type, type.Name, new HashSet<Type>(), problems);
        Assert.Empty(problems);
    }

    [Fact]
    public void The_walk_catches_a_forbidden_member()
    {
        var problems = new List<string>();
        Walk(typeof(BadModel), nameof(BadModel), new HashSet<Type>(), problems);
        Assert.Equal(2, problems.Count);
    }

    [Fact]
    public void Models_are_records_or_enums()
    {
        foreach (var type in typeof(FileResult).Assembly.GetTypes().Where(t => t.Namespace == typeof(FileResult).Namespace && !t.IsNested))
            Assert.True(type.IsEnum || type.GetMethod("<Clone>$") is not null, type.Name + " is neither a record nor an enum");
    }

    private sealed record BadModel(ISymbol Symbol, List<MistralTemplates.Language.Yaml.YamlNode> Nodes);

    private static void Walk(Type type, string path, HashSet<Type> seen, List<string> problems)
    {
        if (!seen.Add(type)) return;
        if (IsForbidden(type))
        {
            problems.Add(path + ": " + type.FullName);
            return;
        }
        if (type.IsGenericType)
            foreach (var argument in type.GetGenericArguments())
                Walk(argument, path + "<" + argument.Name + ">", seen, problems);
        if (type.IsArray) Walk(type.GetElementType()!, path + "[]", seen, problems);
        if (type.Namespace is null || !type.Namespace.StartsWith("MistralTemplates", StringComparison.Ordinal)) return;
        const BindingFlags all = BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic;
        foreach (var field in type.GetFields(all))
            Walk(field.FieldType, path + "." + field.Name, seen, problems);
        foreach (var property in type.GetProperties(all))
            Walk(property.PropertyType, path + "." + property.Name, seen, problems);
    }

    private static bool IsForbidden(Type type) =>
        typeof(ISymbol).IsAssignableFrom(type) || typeof(Compilation).IsAssignableFrom(type) ||
        typeof(SyntaxNode).IsAssignableFrom(type) || typeof(SyntaxTree).IsAssignableFrom(type) ||
        type == typeof(MistralTemplates.Language.TemplateAnalysis) ||
        (type.Namespace is not null && ForbiddenNamespaces.Contains(type.Namespace));
}
