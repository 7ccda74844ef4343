using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using MistralTemplates.Generators.Model;
using MistralTemplates.Language;
using MistralTemplates.Language.Diagnostics;
using MistralTemplates.Language.Dsl;
using MistralTemplates.Language.Hot;
using MistralTemplates.Language.Text;
using MistralTemplates.Language.Yaml;

namespace MistralTemplates.Generators;

/// <summary>
/// Turns one YAML file into the equatable spec the emitter needs. The template-language library does all
/// parsing and checking; this class only maps its model to names and C# shapes.
/// </summary>
public static class Parser
{
    /// <summary>Analyses <paramref name="file"/> (get_file targets come from <paramref name="files"/>) and builds its spec.</summary>
    public static FileResult Parse(TemplateFile file, TemplateFileSet files, GeneratorOptions options, CancellationToken cancellationToken = default) =>
        Parse(file, files, options, TemplateAnalyzer.Analyze, cancellationToken);

    /// <summary>As <see cref="Parse(TemplateFile, TemplateFileSet, GeneratorOptions, CancellationToken)"/> with the analysis step given.</summary>
    internal static FileResult Parse(TemplateFile file, TemplateFileSet files, GeneratorOptions options,
        Func<string, string, ITemplateFileProvider, TemplateAnalysis> analyze, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        try
        {
            var analysis = analyze(file.Path, file.Text, new TemplateFileSetProvider(files, options));
            cancellationToken.ThrowIfCancellationRequested();
            return FromAnalysis(file, analysis, options);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A bug of ours must not crash the compiler (CS8785) and hide the user's own diagnostics.
            return new FileResult(file.Path, string.Empty, null, null,
                new[] { InternalError(file.Path, e) }.ToEquatableArray());
        }
    }

    /// <summary>
    /// The resolved paths of the files <paramref name="file"/> reads with get_file, so that its parse depends
    /// on those files only, not on every YAML file of the project. Only the YAML is read here, not validated.
    /// </summary>
    public static FileReferences FindReferences(TemplateFile file, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return new FileReferences(file, GetFileReferences.Find(file.Path, file.Text).ToEquatableArray());
    }

    /// <summary>Builds the spec of an analysed file.</summary>
    public static FileResult FromAnalysis(TemplateFile file, TemplateAnalysis analysis, GeneratorOptions options)
    {
        var diagnostics = new DiagnosticBag();
        diagnostics.AddRange(analysis.Diagnostics);

        // A file with errors still generates the shape that could be read (class, parameters, resources,
        // outputs), so code that uses it compiles and the file's own diagnostics are the only errors the user sees.
        StackSpec? stack = null;
        DslFileSpec? dsl = null;
        var relativePath = RelativePath(file.Path, options);
        var @namespace = Identifiers.ToNamespace(options.RootNamespace);
        if (analysis.Kind == TemplateFileKind.HeatTemplate)
            stack = new StackBuilder(analysis, file, relativePath, @namespace, diagnostics).Build();
        else if (analysis.Kind is TemplateFileKind.MistralWorkflows or TemplateFileKind.MistralWorkbook or TemplateFileKind.MistralActions)
            dsl = BuildDsl(analysis, file, relativePath, @namespace, diagnostics);

        var className = stack?.ClassName ?? dsl?.ClassName;
        var hintName = className is null ? string.Empty : HintNameOf(file.Path, options, className);
        return new FileResult(file.Path, hintName, stack, dsl,
            diagnostics.Items.Select(ToInfo).ToEquatableArray());
    }

    public static DiagnosticInfo ToInfo(TemplateDiagnostic diagnostic)
    {
        var span = diagnostic.Span;
        return new DiagnosticInfo(diagnostic.Id, diagnostic.Message, span.Path,
            span.Start.Offset, Math.Max(span.Start.Offset, span.End.Offset),
            span.Start.Line, span.Start.Column, span.End.Line, span.End.Column);
    }

    internal static DiagnosticInfo InternalError(string path, Exception e)
    {
        var message = DiagnosticCatalog.GeneratorInternalError.Format(e.GetType().Name + ": " + e.Message);
        return new DiagnosticInfo(DiagnosticCatalog.GeneratorInternalError.Id, message, path, 0, 0, 0, 0, 0, 0);
    }

    /// <summary>The file's path relative to the project, with '/' separators; its file name when outside the project.</summary>
    public static string RelativePath(string path, GeneratorOptions options)
    {
        var normalized = PathUtil.Normalize(path);
        var directory = PathUtil.Normalize(options.ProjectDirectory);
        if (directory.Length > 0 && normalized.StartsWith(directory + "/", StringComparison.OrdinalIgnoreCase))
            return normalized.Substring(directory.Length + 1);
        var slash = normalized.LastIndexOf('/');
        return slash < 0 ? normalized : normalized.Substring(slash + 1);
    }

    /// <summary>
    /// The name of the generated source: the class name, prefixed by the file's folder inside the project so
    /// that two templates with one stem in different folders never collide.
    /// </summary>
    internal static string HintNameOf(string path, GeneratorOptions options, string className)
    {
        var relative = RelativePath(path, options);
        var slash = relative.LastIndexOf('/');
        var folder = slash < 0 ? string.Empty : relative.Substring(0, slash);
        var prefix = string.Concat(folder.Select(c => char.IsLetterOrDigit(c) ? c : '.'));
        return (prefix.Length > 0 ? prefix + "." : string.Empty) + className + ".g.cs";
    }

    internal static string StemOf(string path)
    {
        var slash = path.LastIndexOf('/');
        var name = slash < 0 ? path : path.Substring(slash + 1);
        var dot = name.LastIndexOf('.');
        return dot <= 0 ? name : name.Substring(0, dot);
    }

    private static string NonEmpty(string value, string fallback) => value.Length == 0 ? fallback : value;

    // Parameter and input records also get the methods that turn them into what Heat and Mistral take.
    private static readonly string[] RecordMembers =
        { "EqualityContract", "Equals", "GetHashCode", "ToString", "PrintMembers", "Deconstruct", "GetType", "MemberwiseClone", "Finalize",
          "ToMistralInput", "ToTemplateValues", "FromDeployed" };

    private static readonly string[] ObjectMembers = { "Equals", "GetHashCode", "ToString", "GetType", "MemberwiseClone", "Finalize" };

    private static DslFileSpec BuildDsl(TemplateAnalysis analysis, TemplateFile file, string relativePath, string @namespace, DiagnosticBag diagnostics)
    {
        var className = NonEmpty(Identifiers.ToPascalCase(StemOf(relativePath)), "Definition") + "Workflows";
        var scope = new NameScope("class " + className, diagnostics, className, "DefinitionFile", "Definition");
        var document = analysis.Dsl;
        var kind = document?.Kind.ToString() ?? KindOf(analysis.Kind);
        if (document is null)
            // Not readable at all: the class alone, so code naming it still compiles; its definition is not embedded.
            return new DslFileSpec(@namespace, className, relativePath, string.Empty, kind,
                EquatableArray<WorkflowSpec>.Empty, EquatableArray<WorkflowSpec>.Empty);
        var prefix = document.Kind == DslDocumentKind.Workbook && !string.IsNullOrEmpty(document.WorkbookName)
            ? document.WorkbookName + "."
            : string.Empty;
        var workflows = document.Workflows
            .Select(w => Workflow(prefix + w.Name, w.Name, w.NameSpan, w.Description, w.Inputs, scope, diagnostics))
            .ToEquatableArray();
        var actions = document.Actions
            .Select(a => Workflow(prefix + a.Name, a.Name, a.NameSpan, null, a.Inputs, scope, diagnostics))
            .ToEquatableArray();
        return new DslFileSpec(@namespace, className, relativePath, file.Text, kind, workflows, actions);
    }

    private static string KindOf(TemplateFileKind kind) => kind switch
    {
        TemplateFileKind.MistralWorkbook => nameof(DslDocumentKind.Workbook),
        TemplateFileKind.MistralActions => nameof(DslDocumentKind.Actions),
        _ => nameof(DslDocumentKind.Workflows),
    };

    /// <summary>The errors of a file as the runtime reports them: place, id and message.</summary>
    private static EquatableArray<string> ErrorsOf(TemplateAnalysis analysis, string relativePath) =>
        analysis.Diagnostics
            .Where(d => d.IsError)
            .Select(d => $"{relativePath}({d.Span.Start.Line + 1},{d.Span.Start.Column + 1}): {d.Id} {d.Message}")
            .ToEquatableArray();

    /// <summary>A workflow's name property and its input record, <c>&lt;Property&gt;Input</c>, claimed in <paramref name="scope"/>.</summary>
    /// <param name="suppliedInputs">Values the Heat resource's <c>input</c> property gives; they make an input optional.</param>
    private static WorkflowSpec Workflow(string fullName, string shortName, SourceSpan span, string? description, IReadOnlyList<DslInput> inputs,
        NameScope scope, DiagnosticBag diagnostics, YamlMapping? suppliedInputs = null)
    {
        var property = scope.Claim(shortName, span);
        // Named after the property, so one clash gives one warning.
        var inputClass = scope.Claim(property.TrimStart('@') + "Input", null);
        var inputScope = new NameScope("record " + inputClass, diagnostics, RecordMembers);
        inputScope.Reserve(inputClass);
        var inputSpecs = inputs.Select(i => Input(i, inputScope, suppliedInputs?[i.Name])).ToEquatableArray();
        return new WorkflowSpec(fullName, property, inputClass, description, inputSpecs);
    }

    /// <summary>
    /// An input is optional when the DSL gives a default or the resource supplies it (Heat sends that value). Its type
    /// is the DSL default's; a value the resource supplies may be an intrinsic function, so it types nothing.
    /// </summary>
    private static InputSpec Input(DslInput input, NameScope scope, YamlNode? supplied)
    {
        var dslDefault = input.HasDefault && input.Default is not null ? YamlJson.ToJson(input.Default) : null;
        var defaultJson = supplied is not null ? YamlJson.ToJson(supplied) : input.HasDefault ? dslDefault ?? "null" : null;
        return new InputSpec(input.Name, scope.Claim(input.Name, input.Span), supplied is not null || input.HasDefault,
            defaultJson, TypeOf(dslDefault));
    }

    /// <summary>The type of a default's JSON text: a null default, like no default, says nothing.</summary>
    internal static InputType TypeOf(string? defaultJson)
    {
        var json = defaultJson?.Trim() ?? string.Empty;
        if (json.Length == 0 || json == "null") return InputType.Json;
        switch (json[0])
        {
            case '"': return InputType.String;
            case '[': return InputType.List;
            case '{': return InputType.Map;
            case 't' or 'f': return InputType.Boolean;
        }
        if (json.IndexOfAny(new[] { '.', 'e', 'E' }) < 0 && long.TryParse(json, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _))
            return InputType.Integer;
        return double.TryParse(json, NumberStyles.Float, CultureInfo.InvariantCulture, out _) ? InputType.Number : InputType.Json;
    }

    /// <summary>Maps a HOT template to its stack spec.</summary>
    private sealed class StackBuilder
    {
        private readonly TemplateAnalysis _analysis;
        private readonly HotTemplate? _template;
        private readonly TemplateFile _file;
        private readonly string _relativePath;
        private readonly string _namespace;
        private readonly DiagnosticBag _diagnostics;

        public StackBuilder(TemplateAnalysis analysis, TemplateFile file, string relativePath, string @namespace, DiagnosticBag diagnostics)
        {
            _analysis = analysis;
            _template = analysis.Template;
            _file = file;
            _relativePath = relativePath;
            _namespace = @namespace;
            _diagnostics = diagnostics;
        }

        public StackSpec Build()
        {
            var stem = NonEmpty(Identifiers.ToPascalCase(StemOf(_relativePath)), "Template");
            var className = stem + "Stack";
            var parametersClass = stem + "Parameters";
            const string outputsClass = "StackOutputs";
            var scope = new NameScope("class " + className, _diagnostics, ObjectMembers);
            foreach (var name in new[] { className, outputsClass, "TemplateFile", "Template", "DefaultStackName", "Parameters", "Outputs", "StackName", "StackTemplate",
                         "Resources", "AddResource", "Target", "DeployAsync", "ConnectAsync", "DeployToAsync", "DestroyAsync", "Bind", "ReadDeployedParametersAsync",
                         "TemplateParameterValues", "RefuseTemplateWithErrors" })
                scope.Reserve(name);

            var files = _analysis.ReferencedFiles
                .OrderBy(f => f.Key, StringComparer.Ordinal)
                .Select(f => new EmbeddedFile(f.Key, f.Value))
                .ToEquatableArray();
            // A file that could not be read at all is not embedded: it may be far over the size limit.
            var text = _template is null ? string.Empty : _file.Text;
            return new StackSpec(_namespace, className, parametersClass, outputsClass, _relativePath, Identifiers.ToStackName(StemOf(_relativePath)), text,
                _template?.Description, files, Parameters(parametersClass), Resources(scope), Outputs(outputsClass), ErrorsOf(_analysis, _relativePath));
        }

        private EquatableArray<ParameterSpec> Parameters(string parametersClass)
        {
            var scope = new NameScope("record " + parametersClass, _diagnostics, RecordMembers);
            scope.Reserve(parametersClass);
            return (_template?.Parameters ?? Array.Empty<HotParameter>()).Select(p => Parameter(p, scope)).ToEquatableArray();
        }

        private static ParameterSpec Parameter(HotParameter parameter, NameScope scope)
        {
            var kind = parameter.Type switch
            {
                HotParameterType.Number => ParameterKind.Number,
                HotParameterType.Boolean => ParameterKind.Boolean,
                HotParameterType.CommaDelimitedList => ParameterKind.CommaDelimitedList,
                HotParameterType.Json => ParameterKind.Json,
                _ => ParameterKind.String,
            };
            var (hasDefault, text, items) = ParameterDefaults.Read(kind, parameter.Default);
            return new ParameterSpec(parameter.Name, scope.Claim(parameter.Name, parameter.NameSpan), kind, hasDefault, text, items,
                parameter.Label, parameter.Description, parameter.Hidden, parameter.Constraints.Count > 0);
        }

        private EquatableArray<ResourceSpec> Resources(NameScope scope)
        {
            var resources = new List<ResourceSpec>();
            foreach (var resource in _template?.Resources ?? Array.Empty<HotResource>())
            {
                var property = scope.Claim(resource.Name, resource.NameSpan);
                // Named after the property, so one clash gives one warning.
                var className = scope.Claim(property.TrimStart('@') + "Resource", null);
                var kind = KindOf(resource.Type);
                string? mapClass = null;
                var workflows = EquatableArray<WorkflowSpec>.Empty;
                if (kind == ResourceKind.Workflow)
                {
                    mapClass = "AvailableWorkflowNames";
                    var members = new NameScope("class " + className, _diagnostics, ObjectMembers);
                    foreach (var name in new[] { className, mapClass, "Stack", "Name", "Type", "Attribute", "ResourceType", "Executions", "AlarmUrl", "Data", "Show",
                                 "AvailableWorkflows", "AvailableWorkflowsReference", "Keys", "Values", "Count", "ContainsKey", "TryGetValue", "GetEnumerator", "FullNameOf",
                                 "GetExecutionsAsync", "SignalAsync" })
                        members.Reserve(name);
                    var definition = resource.Definition;
                    if (definition is not null)
                        workflows = definition.Workflows
                            .Select(w => Workflow(w.Name, w.Name, w.NameSpan, w.Description, w.Inputs, members, _diagnostics,
                                resource.Properties?["input"] as YamlMapping))
                            .ToEquatableArray();
                }
                resources.Add(new ResourceSpec(resource.Name, resource.Type, property, className, kind, mapClass, workflows));
            }
            return resources.ToEquatableArray();
        }

        private EquatableArray<OutputSpec> Outputs(string outputsClass)
        {
            var scope = new NameScope("class " + outputsClass, _diagnostics, ObjectMembers);
            scope.Reserve(outputsClass);
            return (_template?.Outputs ?? Array.Empty<HotOutput>())
                .Select(o => new OutputSpec(o.Name, scope.Claim(o.Name, o.NameSpan), o.Description, OutputKind(o.Value)))
                .ToEquatableArray();
        }

        /// <summary>A direct get_attr to a known attribute gives its type; get_resource gives an id; the rest is JSON.</summary>
        private ValueKind OutputKind(YamlNode? value)
        {
            if (value is not YamlMapping { Count: 1 } call) return ValueKind.Json;
            var function = call.Entries[0].KeyText;
            var argument = call.Entries[0].Value;
            if (function == "get_resource") return ValueKind.String;
            if (function != "get_attr" || argument is not YamlSequence { Count: >= 2 } path) return ValueKind.Json;
            if (path.Items[0] is not YamlScalar resourceName || path.Items[1] is not YamlScalar attribute) return ValueKind.Json;
            var resource = _template?.Resources.FirstOrDefault(r => r.Name == resourceName.Value);
            if (resource is null) return ValueKind.Json;
            var kind = KindOf(resource.Type);
            if (path.Count == 3 && kind == ResourceKind.Workflow && attribute.Value == "available_workflows") return ValueKind.String;
            return path.Count == 2 ? AttributeKind(kind, attribute.Value) : ValueKind.Json;
        }
    }

    internal static ResourceKind KindOf(string type) => type switch
    {
        "OS::Mistral::Workflow" => ResourceKind.Workflow,
        "OS::Mistral::CronTrigger" => ResourceKind.CronTrigger,
        "OS::Mistral::ExternalResource" => ResourceKind.ExternalResource,
        "OS::Aodh::Alarm" or "OS::Ceilometer::Alarm" => ResourceKind.Alarm,
        _ => ResourceKind.Generic,
    };

    internal static ValueKind AttributeKind(ResourceKind kind, string attribute) => (kind, attribute) switch
    {
        (ResourceKind.Workflow, "executions") => ValueKind.Executions,
        (ResourceKind.Workflow, "alarm_url") => ValueKind.Uri,
        (ResourceKind.Workflow, "available_workflows") => ValueKind.WorkflowNames,
        (ResourceKind.CronTrigger, "next_execution_time") => ValueKind.Timestamp,
        (ResourceKind.CronTrigger, "remaining_executions") => ValueKind.Integer,
        _ => ValueKind.Json,
    };
}

/// <summary>Reads a parameter's default as HOT converts it for the parameter's type.</summary>
internal static class ParameterDefaults
{
    public static (bool HasDefault, string? Text, EquatableArray<string> Items) Read(ParameterKind kind, YamlNode? node)
    {
        var none = (false, (string?)null, EquatableArray<string>.Empty);
        if (node is null || node is YamlScalar { IsNull: true }) return none;
        var scalar = node as YamlScalar;
        switch (kind)
        {
            case ParameterKind.Number:
                if (scalar is null) return none;
                if (scalar.TryGetNumber(out var number) ||
                    double.TryParse(scalar.Value.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out number))
                    return (true, number.ToString("R", CultureInfo.InvariantCulture), EquatableArray<string>.Empty);
                return none;
            case ParameterKind.Boolean:
                if (scalar is null) return none;
                var flag = scalar.Value.Trim().ToLowerInvariant();
                if (flag is "true" or "t" or "on" or "y" or "yes" or "1") return (true, "true", EquatableArray<string>.Empty);
                if (flag is "false" or "f" or "off" or "n" or "no" or "0") return (true, "false", EquatableArray<string>.Empty);
                return none;
            case ParameterKind.CommaDelimitedList:
                if (node is YamlSequence sequence)
                    return (true, null, sequence.Items.Select(i => (i as YamlScalar)?.Value ?? YamlJson.ToJson(i)).ToEquatableArray());
                if (scalar is null) return none;
                var items = scalar.Value.Length == 0 ? Array.Empty<string>() : scalar.Value.Split(',').Select(s => s.Trim()).ToArray();
                return (true, null, items.ToEquatableArray());
            case ParameterKind.Json:
                // A string default holds JSON text (Heat parses it); a YAML structure is the value itself.
                if (scalar is not null && scalar.Value.TrimStart().StartsWith("{", StringComparison.Ordinal) ||
                    scalar is not null && scalar.Value.TrimStart().StartsWith("[", StringComparison.Ordinal))
                    return (true, scalar.Value, EquatableArray<string>.Empty);
                return (true, YamlJson.ToJson(node), EquatableArray<string>.Empty);
            default:
                return (true, scalar is not null ? scalar.Value : YamlJson.ToJson(node), EquatableArray<string>.Empty);
        }
    }
}
