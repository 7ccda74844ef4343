using System;
using System.Collections.Generic;

namespace MistralTemplates;

/// <summary>
/// A stack described by a Heat template: its name, its template and its resources. Generated stack
/// classes derive from it and add typed parameters, resources and outputs.
/// </summary>
public abstract class Stack
{
    private readonly List<StackResource> _resources = new();

    /// <summary>Creates a stack; <paramref name="stackName"/> follows Heat's rules for stack names.</summary>
    protected Stack(string stackName, StackTemplate stackTemplate)
    {
        StackNames.Validate(stackName);
        ArgumentNullException.ThrowIfNull(stackTemplate);
        StackName = stackName;
        StackTemplate = stackTemplate;
    }

    /// <summary>The name the stack is created under; workflow full names start with it.</summary>
    public string StackName { get; }

    /// <summary>The template the stack was generated from, with every get_file content.</summary>
    public StackTemplate StackTemplate { get; }

    /// <summary>The resources of the template, in template order.</summary>
    public IReadOnlyList<StackResource> Resources => _resources;

    /// <summary>Registers a resource of this stack; generated constructors call it once per resource.</summary>
    protected T AddResource<T>(T resource) where T : StackResource
    {
        ArgumentNullException.ThrowIfNull(resource);
        _resources.Add(resource);
        return resource;
    }

    public override string ToString() => $"{StackName} ({StackTemplate.Path})";
}

/// <summary>Heat's rule for stack names: a letter first, then letters, digits, '_', '-' or '.', at most 255 characters.</summary>
internal static class StackNames
{
    public static void Validate(string stackName)
    {
        ArgumentNullException.ThrowIfNull(stackName);
        if (stackName.Length == 0 || stackName.Length > 255 || !char.IsAsciiLetter(stackName[0]))
            throw new ArgumentException(
                $"The stack name '{stackName}' is invalid: it must start with a letter and be 1 to 255 characters long.",
                nameof(stackName));
        foreach (var c in stackName)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c != '_' && c != '-' && c != '.')
                throw new ArgumentException(
                    $"The stack name '{stackName}' is invalid: it may hold only letters, digits, '_', '-' and '.'.",
                    nameof(stackName));
        }
    }
}
