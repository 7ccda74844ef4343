using System;
using System.Collections.Concurrent;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using MistralTemplates.Generators.Model;
using Microsoft.CodeAnalysis.CSharp;
using Scriban;
using Scriban.Runtime;

namespace MistralTemplates.Generators;

/// <summary>Writes C# source from specs with the Scriban templates embedded in this assembly.</summary>
public static class Emitter
{
    public const string Version = "0.1.0";

    private static readonly ConcurrentDictionary<string, Template> Templates = new(StringComparer.Ordinal);

    public static string EmitStack(StackSpec spec) => Render("Stack", spec);

    public static string EmitWorkflows(DslFileSpec spec) => Render("Workflows", spec);

    /// <summary>The source of a file result, or null when it has none.</summary>
    public static string? Emit(FileResult result) =>
        result.Stack is not null ? EmitStack(result.Stack) :
        result.Dsl is not null ? EmitWorkflows(result.Dsl) :
        null;

    /// <summary>The template functions, imported once (by reflection) and only read afterwards.</summary>
    private static readonly Lazy<ScriptObject> Functions = new(() =>
    {
        var functions = new ScriptObject();
        functions.Import(typeof(EmitterFunctions), renamer: StandardMemberRenamer.Default);
        return functions;
    });

    private static string Render(string templateName, object spec)
    {
        var globals = new ScriptObject();
        globals.SetValue("spec", spec, true);
        globals.SetValue("version", Version, true);
        return Render(templateName, globals);
    }

    /// <summary>Renders with the functions below <paramref name="globals"/>, so a render writes only to its own globals.</summary>
    internal static string Render(string templateName, ScriptObject globals)
    {
        var context = new TemplateContext
        {
            MemberRenamer = member => member.Name,
            StrictVariables = true,
            LoopLimit = 0,
            RecursiveLimit = 0,
        };
        context.PushGlobal(Functions.Value);
        context.PushGlobal(globals);
        var text = Load(templateName).Render(context);
        return text.Replace("\r\n", "\n");
    }

    private static Template Load(string name) => Templates.GetOrAdd(name, static n =>
    {
        var resource = "MistralTemplates.Generators.Templates." + n + ".scriban";
        using var stream = typeof(Emitter).Assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException("Missing embedded template " + resource);
        using var reader = new StreamReader(stream);
        var template = Template.Parse(reader.ReadToEnd(), resource);
        if (template.HasErrors)
            throw new InvalidOperationException(resource + ": " + string.Join("; ", template.Messages.Select(m => m.ToString())));
        return template;
    });
}

/// <summary>The functions the Scriban templates call: C# literals, XML docs and type names.</summary>
internal static class EmitterFunctions
{
    public static string CsString(string? text) => SymbolDisplay.FormatLiteral(text ?? string.Empty, quote: true);

    public static string Xml(string? text) =>
        (text ?? string.Empty).Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;");

    /// <summary>A <c>&lt;summary&gt;</c> comment from a template description (Scriban indents its later lines).</summary>
    public static string Doc(string? text, string fallback)
    {
        var body = string.IsNullOrWhiteSpace(text) ? fallback : Xml(text!.Trim());
        var lines = body.Replace("\r\n", "\n").Split('\n');
        if (lines.Length == 1) return "/// <summary>" + lines[0] + "</summary>";
        var builder = new StringBuilder("/// <summary>");
        foreach (var line in lines) builder.Append('\n').Append("/// ").Append(line.TrimEnd());
        builder.Append('\n').Append("/// </summary>");
        return builder.ToString();
    }

    /// <summary>Long values would swamp a doc comment: keep their start.</summary>
    public static string Abbreviate(string? text, int length) =>
        text is null ? string.Empty : text.Length <= length ? text : text.Substring(0, length) + "...";

    public static string ParamDoc(ParameterSpec parameter)
    {
        var parts = new[] { parameter.Label, parameter.Description }.Where(s => !string.IsNullOrWhiteSpace(s)).Select(s => s!.Trim()).ToList();
        if (parts.Count == 0) parts.Add("The parameter '" + parameter.Name + "'.");
        if (parameter.Hidden) parts.Add("Hidden: Heat does not show its value.");
        return string.Join("\n", parts);
    }

    public static string KindName(ResourceKind kind) => kind.ToString();

    public static string BaseClass(ResourceKind kind) => kind switch
    {
        ResourceKind.Workflow => "global::MistralTemplates.MistralWorkflowResource",
        ResourceKind.CronTrigger => "global::MistralTemplates.MistralCronTriggerResource",
        ResourceKind.ExternalResource => "global::MistralTemplates.MistralExternalResource",
        ResourceKind.Alarm => "global::MistralTemplates.AlarmResource",
        _ => "global::MistralTemplates.GenericResource",
    };

    public static string ValueType(ValueKind kind) => kind switch
    {
        ValueKind.String => "string",
        ValueKind.Uri => "global::System.Uri",
        ValueKind.Executions => "global::System.Collections.Generic.IReadOnlyList<global::MistralTemplates.WorkflowExecution>",
        ValueKind.WorkflowNames => "global::System.Collections.Generic.IReadOnlyDictionary<string, string>",
        ValueKind.Timestamp => "global::System.DateTimeOffset?",
        ValueKind.Integer => "int?",
        _ => "global::System.Text.Json.Nodes.JsonNode?",
    };

    public static string ParamType(ParameterKind kind) => kind switch
    {
        ParameterKind.Number => "double",
        ParameterKind.Boolean => "bool",
        ParameterKind.CommaDelimitedList => "global::System.Collections.Generic.IReadOnlyList<string>",
        ParameterKind.Json => "global::System.Text.Json.Nodes.JsonNode?",
        _ => "string",
    };

    /// <summary>The C# expression of a parameter's default.</summary>
    public static string DefaultValue(ParameterSpec parameter)
    {
        var text = parameter.DefaultText ?? string.Empty;
        switch (parameter.Kind)
        {
            case ParameterKind.Number:
                var number = double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
                if (double.IsNaN(number)) return "double.NaN";
                if (double.IsPositiveInfinity(number)) return "double.PositiveInfinity";
                if (double.IsNegativeInfinity(number)) return "double.NegativeInfinity";
                return number.ToString("R", CultureInfo.InvariantCulture) + "d";
            case ParameterKind.Boolean:
                return text == "true" ? "true" : "false";
            case ParameterKind.CommaDelimitedList:
                return "new string[] { " + string.Join(", ", parameter.DefaultItems.Select(CsString)) + " }";
            case ParameterKind.Json:
                return "global::System.Text.Json.Nodes.JsonNode.Parse(" + CsString(text) + ")";
            default:
                return CsString(text);
        }
    }

    /// <summary>A workflow's handle: its start demands the input when one of them has no default.</summary>
    public static string HandleType(WorkflowSpec workflow) =>
        (workflow.RequiresInput ? "global::MistralTemplates.WorkflowHandle<" : "global::MistralTemplates.OptionalInputWorkflowHandle<") +
        workflow.InputClassName + ">";

    /// <summary>The C# type of a workflow input: nullable, as setting null sends a JSON null.</summary>
    public static string InputType(InputSpec input) => input.Type switch
    {
        Model.InputType.String => "string?",
        Model.InputType.Integer => "long?",
        Model.InputType.Number => "double?",
        Model.InputType.Boolean => "bool?",
        Model.InputType.List => "global::System.Text.Json.Nodes.JsonArray?",
        Model.InputType.Map => "global::System.Text.Json.Nodes.JsonObject?",
        _ => "global::System.Text.Json.Nodes.JsonNode?",
    };

    /// <summary>The JSON of an input's value, from the expression <paramref name="value"/> of its C# type.</summary>
    public static string InputJson(InputSpec input, string value) => input.Type switch
    {
        Model.InputType.String or Model.InputType.Integer or Model.InputType.Number or Model.InputType.Boolean =>
            "global::System.Text.Json.Nodes.JsonValue.Create(" + value + ")",
        _ => value + "?.DeepClone()",
    };

    /// <summary>The input record of a workflow or action, indented by <paramref name="indent"/>.</summary>
    public static string InputRecord(WorkflowSpec workflow, string indent)
    {
        var globals = new ScriptObject();
        globals.SetValue("workflow", workflow, true);
        globals.SetValue("indent", indent, true);
        return Emitter.Render("Input", globals).TrimEnd('\n');
    }
}
