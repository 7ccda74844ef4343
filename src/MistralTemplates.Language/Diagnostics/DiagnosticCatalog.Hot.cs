namespace MistralTemplates.Language.Diagnostics;

public static partial class DiagnosticCatalog
{
    private const string Hot = "Hot";

    public static readonly DiagnosticDescriptor UnknownHotVersion = Error("MT1001", Hot,
        "Unknown heat_template_version",
        "'{0}' is not a heat_template_version Heat knows. Use one of: {1}.");

    public static readonly DiagnosticDescriptor UnknownSection = Error("MT1002", Hot,
        "Unknown template section",
        "'{0}' is not a section of a HOT template (version {1}).{3} Valid sections: {2}.");

    public static readonly DiagnosticDescriptor NeedsNewerVersion = Error("MT1003", Hot,
        "Needs a newer heat_template_version",
        "{0} needs heat_template_version {1} or later; this template is {2}. Raise the version or remove it.");

    public static readonly DiagnosticDescriptor UnknownKey = Error("MT1004", Hot,
        "Unknown key",
        "'{0}' is not a valid key of {1}.{3} Valid keys: {2}.");

    public static readonly DiagnosticDescriptor WrongValueShape = Error("MT1005", Hot,
        "Wrong kind of value",
        "{0} must be {1}, not {2}.");

    public static readonly DiagnosticDescriptor ParameterTypeMissing = Error("MT1010", Hot,
        "Parameter without type",
        "Parameter '{0}' has no type. Add 'type:' with one of string, number, json, comma_delimited_list, boolean.");

    public static readonly DiagnosticDescriptor UnknownParameterType = Error("MT1011", Hot,
        "Unknown parameter type",
        "'{0}' is not a parameter type.{1} Use one of string, number, json, comma_delimited_list, boolean.");

    public static readonly DiagnosticDescriptor InvalidConstraint = Error("MT1012", Hot,
        "Invalid parameter constraint",
        "Invalid constraint on parameter '{0}': {1}.");

    public static readonly DiagnosticDescriptor DefaultBreaksConstraint = Error("MT1013", Hot,
        "Parameter default breaks a constraint",
        "The default of parameter '{0}' breaks its {1} constraint: {2}. Change the default or the constraint.");

    public static readonly DiagnosticDescriptor DefaultWrongType = Error("MT1014", Hot,
        "Parameter default does not fit its type",
        "The default of parameter '{0}' is not a valid {1}: {2}. Change the default or the type.");

    public static readonly DiagnosticDescriptor UnknownParameterInGroup = Error("MT1015", Hot,
        "Parameter group names an unknown parameter",
        "'{0}' in this parameter group is not a parameter of the template. Declare it under 'parameters' or remove it from the group.");

    public static readonly DiagnosticDescriptor ParameterInTwoGroups = Error("MT1016", Hot,
        "Parameter in more than one group",
        "Parameter '{0}' is already in an earlier parameter group; a parameter belongs to one group only. Remove it from one of them.");

    public static readonly DiagnosticDescriptor ResourceTypeMissing = Error("MT1020", Hot,
        "Resource without type",
        "Resource '{0}' has no 'type'. Add 'type:' with a resource type such as OS::Mistral::Workflow.");

    public static readonly DiagnosticDescriptor DependsOnUnknown = Error("MT1021", Hot,
        "depends_on names an unknown resource",
        "'{0}' in depends_on of '{1}' is not a resource of this template.{3} Use one of: {2}.");

    public static readonly DiagnosticDescriptor DependencyCycle = Error("MT1022", Hot,
        "Circular dependency between resources",
        "These resources depend on each other in a circle: {0}. Heat cannot order them; remove one of the dependencies.");

    public static readonly DiagnosticDescriptor UnknownResourceType = Warning("MT1023", Hot,
        "Resource type not checked",
        "Resource type '{0}' is not known to this compiler; its properties and attributes are not checked.");

    public static readonly DiagnosticDescriptor UnknownProperty = Error("MT1024", Hot,
        "Unknown property",
        "'{0}' is not a property of {1}.{3} Its properties are: {2}.");

    public static readonly DiagnosticDescriptor MissingRequiredProperty = Error("MT1025", Hot,
        "Missing required property",
        "{1} requires the property '{0}'. Add it under {2}.");

    public static readonly DiagnosticDescriptor PropertyWrongType = Error("MT1026", Hot,
        "Property value of the wrong type",
        "Property '{0}' must be {1}, not {2}.");

    public static readonly DiagnosticDescriptor PropertyValueNotAllowed = Error("MT1027", Hot,
        "Property value not allowed",
        "'{0}' is not an allowed value of property '{1}'.{3} Use one of: {2}.");

    public static readonly DiagnosticDescriptor InvalidDeletionPolicy = Error("MT1028", Hot,
        "Invalid deletion_policy",
        "'{0}' is not a deletion_policy for version {1}.{3} Use one of: {2}.");

    public static readonly DiagnosticDescriptor WrongFunctionArguments = Error("MT1030", Hot,
        "Wrong arguments to an intrinsic function",
        "Wrong arguments to '{0}': {1}. Write it as {2}.");

    public static readonly DiagnosticDescriptor FunctionNeedsNewerVersion = Error("MT1031", Hot,
        "Function not available in this version",
        "'{0}' is not available in heat_template_version {1}; it needs {2} or later. Raise the version or use another function.");

    public static readonly DiagnosticDescriptor FunctionRemoved = Error("MT1032", Hot,
        "Function removed in this version",
        "'{0}' is not supported from heat_template_version {1} on (this template is {2}). {3}");

    public static readonly DiagnosticDescriptor UnknownParameterReference = Error("MT1033", Hot,
        "Unknown parameter",
        "'{0}' is not a parameter of this template.{2} Declare it under 'parameters' or use one of: {1}.");

    public static readonly DiagnosticDescriptor UnknownResourceReference = Error("MT1034", Hot,
        "Unknown resource",
        "'{0}' is not a resource of this template.{2} Use one of: {1}.");

    public static readonly DiagnosticDescriptor UnknownAttribute = Error("MT1035", Hot,
        "Unknown attribute",
        "'{0}' is not an attribute of resource '{1}' ({2}).{4} Its attributes are: {3}.");

    public static readonly DiagnosticDescriptor GetFileMissing = Error("MT1036", Hot,
        "get_file target not found",
        "get_file could not find '{0}' (looked for {1}). Create the file, or add it to the project's AdditionalFiles.");

    public static readonly DiagnosticDescriptor GetFileNotInAdditionalFiles = Error("MT1039", Hot,
        "get_file target not in AdditionalFiles",
        "get_file could not read '{0}': '{1}' is in the project folder but not in AdditionalFiles, and the compiler sees only those. Add <AdditionalFiles Include=\"{1}\" /> to the project.");

    public static readonly DiagnosticDescriptor UnknownConditionReference = Error("MT1037", Hot,
        "Unknown condition",
        "'{0}' is not a condition of this template.{2} Declare it under 'conditions' or use one of: {1}.");

    public static readonly DiagnosticDescriptor FunctionNotAllowedInCondition = Error("MT1038", Hot,
        "Function not allowed in a condition",
        "'{0}' cannot be used in a condition. Conditions may use: {1}.");

    public static readonly DiagnosticDescriptor OutputValueMissing = Error("MT1040", Hot,
        "Output without value",
        "Output '{0}' has no 'value'. Add 'value:' with what the output returns.");

    public static readonly DiagnosticDescriptor InternalError = Error("MT1099", Hot,
        "Internal error while analysing the template",
        "The template could not be analysed because of an internal error ({0}). Please report it with the template.");
}
