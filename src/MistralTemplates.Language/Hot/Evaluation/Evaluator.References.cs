using System.Collections.Generic;
using System.Linq;
using MistralTemplates.Language.Diagnostics;
using MistralTemplates.Language.Text;
using MistralTemplates.Language.Yaml;

namespace MistralTemplates.Language.Hot.Evaluation;

/// <summary>get_param, get_resource, get_attr, get_file, Ref and resource_facade.</summary>
internal sealed partial class Evaluator
{
    private static readonly string[] FacadeArguments = { "metadata", "deletion_policy", "update_policy" };
    private static readonly string[] CfnFacadeArguments = { "Metadata", "DeletionPolicy", "UpdatePolicy" };

    /// <summary>
    /// <c>get_param: name</c> or <c>[name, key_or_index, ...]</c>. A path that does not fit the value gives
    /// an empty string, as in Heat.
    /// </summary>
    private object? GetParam(YamlEntry call, FunctionTable table)
    {
        var mark = Mark;
        var args = Argument(call.Value, table);
        if (FailedSince(mark)) return null;
        if (!PythonValues.IsTruthy(args)) return Wrong(call, "it needs the name of a parameter");
        string? name;
        var path = new List<object?>();
        switch (args)
        {
            case string text:
                name = text;
                break;
            case List<object?> list:
                name = list[0] as string;
                if (list[0] is DeferredValue) return DeferredResult(call, list);
                path.AddRange(list.Skip(1));
                break;
            case DeferredValue deferred:
                return DeferredResult(call, deferred);
            default:
                return Wrong(call, $"it takes a parameter name or a list [name, path...], not {PythonValues.Describe(args)}");
        }
        if (name is null) return Wrong(call, "the parameter name must be a string");
        if (!_context.TryGetParameter(name, out var value))
        {
            var span = call.Value is YamlScalar ? call.Value.Span : call.Value is YamlSequence { Count: > 0 } s ? s.Items[0].Span : call.Key.Span;
            if (_context.Template.Parameters.Any(p => p.Name == name))
                return Error(span, $"Parameter '{name}' has no value: give it one or a default.");
            var known = _context.Template.Parameters.Select(p => p.Name).Concat(IntrinsicFunctions.PseudoParameters).ToList();
            return Error(span, DiagnosticCatalog.UnknownParameterReference.Format(name, Names(known), NameSuggestions.Hint(name, known)));
        }
        if (DeferredResult(call, path) is { } deferredPath) return deferredPath;
        var current = PythonValues.DeepCopy(value);
        foreach (var key in path)
        {
            if (key is not (string or long or bool) || !AttributePath.TryStep(current, key, indexFromString: true, out current))
                return string.Empty;
        }
        return current;
    }

    /// <summary><c>get_resource: name</c>: the resource's reference id, from the resolver.</summary>
    private object? GetResource(YamlEntry call, FunctionTable table)
    {
        var mark = Mark;
        var name = Argument(call.Value, table);
        if (FailedSince(mark)) return null;
        if (name is DeferredValue) return DeferredResult(call, name);
        if (name is not string resource) return Wrong(call, $"it takes the name of a resource, not {PythonValues.Describe(name)}");
        if (!CheckResource(resource, call.Value)) return null;
        return PythonValues.Normalize(_context.Resources.GetResource(resource));
    }

    /// <summary>
    /// <c>get_attr: [resource, attribute, path...]</c>; from 2015-10-15 also <c>[resource]</c> for every attribute.
    /// The resolver applies the path (2013-05-23 selects from the value the same way).
    /// </summary>
    private object? GetAttr(YamlEntry call, FunctionTable table)
    {
        var min = Version.IsAtLeast(HotVersions.V20151015) ? 1 : 2;
        if (ArgumentList(call, min, int.MaxValue) is not { } list) return null;
        var mark = Mark;
        var values = list.Items.Select(item => Argument(item, table)).ToList();
        if (FailedSince(mark)) return null;
        if (DeferredResult(call, values) is { } deferred) return deferred;
        if (values[0] is not string resource) return Wrong(call, $"the resource name must be a string, not {PythonValues.Describe(values[0])}");
        if (!CheckResource(resource, list.Items[0])) return null;
        if (values.Count == 1) return PythonValues.Normalize(_context.Resources.GetAllAttributes(resource));
        if (values[1] is not string attribute) return Wrong(call, $"the attribute name must be a string, not {PythonValues.Describe(values[1])}");
        return PythonValues.Normalize(_context.Resources.GetAttribute(resource, attribute, values.Skip(2).ToList()));
    }

    /// <summary>The resource exists and its condition does not leave it out of the stack.</summary>
    private bool CheckResource(string name, YamlNode where)
    {
        var resource = _context.Template.Resources.FirstOrDefault(r => r.Name == name);
        if (resource is null)
        {
            Error(where.Span, DiagnosticCatalog.UnknownResourceReference.Format(name, Names(_context.Template.Resources.Select(r => r.Name)),
                NameSuggestions.Hint(name, _context.Template.Resources.Select(r => r.Name))));
            return false;
        }
        if (Conditions.IsExcluded(resource))
        {
            Error(where.Span, $"Resource '{name}' is not part of the stack: its condition is false. Reference it only under an 'if' with the same condition.");
            return false;
        }
        return true;
    }

    /// <summary><c>get_file: path</c>: the file's text as the template read it.</summary>
    private object? GetFile(YamlEntry call, FunctionTable table)
    {
        var mark = Mark;
        var path = Argument(call.Value, table);
        if (FailedSince(mark)) return null;
        if (path is DeferredValue) return DeferredResult(call, path);
        if (path is not string key) return Wrong(call, $"the path must be a string, not {PythonValues.Describe(path)}");
        if (_context.Files.TryGetValue(key, out var text)) return text;
        return Error(call.Value.Span, $"No content found for get_file path '{key}': the file was not read with the template.");
    }

    /// <summary>CFN's <c>Ref: name</c> (2013-05-23): a resource's reference id, else a parameter's value.</summary>
    private object? Ref(YamlEntry call, FunctionTable table)
    {
        var mark = Mark;
        var name = Argument(call.Value, table);
        if (FailedSince(mark)) return null;
        if (name is DeferredValue) return DeferredResult(call, name);
        if (name is string text && _context.Template.Resources.Any(r => r.Name == text))
            return CheckResource(text, call.Value) ? PythonValues.Normalize(_context.Resources.GetResource(text)) : null;
        if (name is string parameter && _context.TryGetParameter(parameter, out var value)) return PythonValues.DeepCopy(value);
        return Error(call.Value.Span, $"'{PythonText.Str(name)}' is neither a resource nor a parameter with a value.");
    }

    /// <summary>resource_facade reads the resource of a parent stack, which only a nested stack has.</summary>
    private object? ResourceFacade(YamlEntry call)
    {
        var allowed = call.KeyText == "resource_facade" ? FacadeArguments : CfnFacadeArguments;
        if (call.Value is not YamlScalar { IsNull: false } arg || !allowed.Contains(arg.Value))
            return Wrong(call, $"it takes one of {string.Join(", ", allowed)}");
        return Error(call.Key.Span, $"'{call.KeyText}' is only available in the template of a nested stack, which this runtime does not deploy.");
    }
}
