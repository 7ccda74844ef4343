using System;
using System.Collections.Generic;
using System.Threading;

namespace MistralTemplates.Language.Hot.Evaluation;

/// <summary>
/// What evaluating a template's functions needs: the template, the stack's identity (the pseudo parameters
/// OS::stack_name, OS::stack_id, OS::project_id), the resolved parameter values (see
/// <see cref="ParameterResolver"/>), the get_file contents and the resolver for get_resource and get_attr.
/// Conditions are evaluated once, on first use; a context may be shared by threads.
/// </summary>
public sealed class HotEvaluationContext
{
    private readonly Dictionary<string, object?> _parameters;
    private readonly Lazy<ConditionTable> _conditions;

    /// <param name="files">get_file contents by the path as written; by default the files the template read when it was parsed.</param>
    public HotEvaluationContext(HotTemplate template, string stackName, string stackId, string projectId,
        IReadOnlyDictionary<string, object?> parameters, IResourceReferenceResolver resources,
        IReadOnlyDictionary<string, string>? files = null)
    {
        Template = template ?? throw new ArgumentNullException(nameof(template));
        StackName = stackName ?? string.Empty;
        StackId = stackId ?? string.Empty;
        ProjectId = projectId ?? string.Empty;
        Resources = resources ?? throw new ArgumentNullException(nameof(resources));
        Files = files ?? template.ReferencedFiles;
        _parameters = new Dictionary<string, object?>(StringComparer.Ordinal);
        if (parameters is not null)
            foreach (var pair in parameters) _parameters[pair.Key] = PythonValues.Normalize(pair.Value);
        _conditions = new Lazy<ConditionTable>(() => ConditionTable.Build(this), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    public HotTemplate Template { get; }

    public string StackName { get; }

    public string StackId { get; }

    public string ProjectId { get; }

    /// <summary>The template's parameters with their values; pseudo parameters are answered apart.</summary>
    public IReadOnlyDictionary<string, object?> Parameters => _parameters;

    public IReadOnlyDictionary<string, string> Files { get; }

    public IResourceReferenceResolver Resources { get; }

    internal ConditionTable Conditions => _conditions.Value;

    /// <summary>A parameter's value, pseudo parameters included; false when the name has no value.</summary>
    public bool TryGetParameter(string name, out object? value)
    {
        switch (name)
        {
            case "OS::stack_name":
                value = StackName;
                return true;
            case "OS::stack_id":
                value = StackId;
                return true;
            case "OS::project_id":
                value = ProjectId;
                return true;
            default:
                return _parameters.TryGetValue(name, out value);
        }
    }
}
