using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using MistralTemplates.Deployment;

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

    /// <summary>The target the stack was deployed to or connected on; null until then.</summary>
    public StackTarget? Target { get; private set; }

    /// <summary>
    /// The parameter values a deploy gives the template, as Heat takes them (text). Generated classes give their
    /// typed parameters; a stack without them deploys with the template's defaults.
    /// </summary>
    protected virtual IReadOnlyDictionary<string, string> TemplateParameterValues() => new Dictionary<string, string>();

    /// <summary>The parameter values this instance was made with, which the command line's <c>--param</c> overrides.</summary>
    internal IReadOnlyDictionary<string, string> ParameterValues => TemplateParameterValues();

    /// <summary>
    /// Creates or updates the stack on <paramref name="target"/> so it matches the template, then binds this instance
    /// to the target, so its typed members (workflow starts, executions) work on what was deployed.
    /// </summary>
    /// <exception cref="DeploymentException">The template, a parameter or the target refused the deploy; the message says what to fix.</exception>
    public async Task<DeployResult> DeployToAsync(StackTarget target, DeployOptions? options = null, IProgress<ResourceEvent>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(target);
        var result = await new StackDeployer(target.Service, target.State)
            .DeployAsync(StackTemplate, StackName, TemplateParameterValues(), options, progress, cancellationToken).ConfigureAwait(false);
        Target = target;
        return result;
    }

    /// <summary>Deletes every resource of the deployed stack and its record; the instance is unbound afterwards.</summary>
    public async Task DestroyAsync(DeployOptions? options = null, IProgress<ResourceEvent>? progress = null, CancellationToken cancellationToken = default)
    {
        var target = RequireTarget();
        await new StackDeployer(target.Service, target.State).DestroyAsync(StackName, options, progress, cancellationToken).ConfigureAwait(false);
        Target = null;
    }

    /// <summary>The bound target, or an error that says how to get one.</summary>
    internal StackTarget RequireTarget() => Target ?? throw new InvalidOperationException(
        $"The stack '{StackName}' ({GetType().Name}) is not bound to a target: deploy it or connect to it first " +
        $"({GetType().Name}.DeployAsync(target, ...) or {GetType().Name}.ConnectAsync(target, ...)).");

    /// <summary>
    /// Stops a stack whose template had errors when it was compiled: its generated class exists so that code using it
    /// compiles, but it must never deploy. Generated constructors call it first.
    /// </summary>
    /// <exception cref="DeploymentException">Always: the template's errors, with their place, are its problems.</exception>
    protected void RefuseTemplateWithErrors(string stackName, IReadOnlyList<string> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        throw new DeploymentException(stackName,
            $"the template '{StackTemplate.Path}' had errors when {GetType().Name} was generated; fix them and rebuild. Nothing was deployed.", errors);
    }

    /// <summary>Binds a stack that <see cref="ReadDeployedParametersAsync"/> found deployed to its target.</summary>
    protected static TStack Bind<TStack>(TStack stack, StackTarget target) where TStack : Stack
    {
        ArgumentNullException.ThrowIfNull(stack);
        ArgumentNullException.ThrowIfNull(target);
        stack.Target = target;
        return stack;
    }

    /// <summary>
    /// The parameters a deployed stack was made with, for a generated <c>ConnectAsync</c>.
    /// </summary>
    /// <exception cref="DeploymentException">The target has no such stack, or it was deployed from another template.</exception>
    protected static async Task<DeployedParameters> ReadDeployedParametersAsync(StackTarget target, string stackName, StackTemplate template,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(template);
        StackNames.Validate(stackName);
        var record = await target.State.GetExistingAsync(stackName, cancellationToken, where: $" on {target}").ConfigureAwait(false);
        if (record.TemplatePath != template.Path)
            throw new DeploymentException(stackName, $"the stack was deployed from '{record.TemplatePath}', not from '{template.Path}'.",
                ["connect with the stack class of that template, or give another stack name"]);
        return new DeployedParameters(stackName, record.Parameters);
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
