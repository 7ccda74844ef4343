using System;
using System.Collections.Generic;
using MistralTemplates.Language.Hot.Evaluation;

namespace MistralTemplates.Language.Expressions.Yaql.Evaluation;

/// <summary>YAQL's view of the value model: its names for types, str(), and the checks functions make on arguments.</summary>
internal static class YaqlValues
{
    /// <summary>Lists built by an expression may not grow beyond this, so one line cannot exhaust memory.</summary>
    public const int MaxCollectionSize = 1_000_000;

    public static string Describe(object? value) => value switch
    {
        null => "null",
        string => "a string",
        bool => "a boolean",
        long => "an integer",
        double => "a float",
        YaqlSet => "a set",
        List<object?> => "a list",
        YaqlRegex => "a regex",
        Dictionary<string, object?> => "a dict",
        _ => "a " + value.GetType().Name,
    };

    /// <summary>YAQL's str(): null, true and false in lower case, everything else as Python prints it.</summary>
    public static string Str(object? value) => value switch
    {
        null => "null",
        bool b => b ? "true" : "false",
        _ => PythonText.Str(value),
    };

    /// <summary>
    /// A mapping key: strings as they are, any other value as its str() text (<c>1</c> becomes <c>"1"</c>), since
    /// the value model's mappings, like the JSON Mistral stores, have string keys only.
    /// </summary>
    public static string Key(object? key) => key as string ?? Str(key);

    /// <summary>Numbers as YAQL counts them: integers and floats, but not booleans.</summary>
    public static bool IsNumber(object? value) => value is long or double;

    public static string String(YaqlInvocation call, int index)
    {
        var value = call.Argument(index);
        return value as string ?? throw WrongType(call, index, "a string", value);
    }

    public static long Integer(YaqlInvocation call, int index)
    {
        var value = call.Argument(index);
        return value is long l ? l : throw WrongType(call, index, "an integer", value);
    }

    public static List<object?> List(YaqlInvocation call, int index)
    {
        var value = call.Argument(index);
        return value as List<object?> ?? throw WrongType(call, index, "a list", value);
    }

    public static Dictionary<string, object?> Dict(YaqlInvocation call, int index)
    {
        var value = call.Argument(index);
        return value as Dictionary<string, object?> ?? throw WrongType(call, index, "a dict", value);
    }

    public static YaqlException WrongType(YaqlInvocation call, int index, string expected, object? actual) =>
        new($"{call.Name}() expects {expected} as {(call.IsMethod && index == 0 ? "receiver" : "argument " + (call.IsMethod ? index : index + 1))}, got {Describe(actual)}");

    public static void CheckSize(long count)
    {
        if (count > MaxCollectionSize) throw new YaqlException($"result would hold more than {MaxCollectionSize} items");
    }

    /// <summary>A text key equal for values YAQL finds equal (1 and 1.0), for distinct().</summary>
    public static string EqualityKey(object? value) => value switch
    {
        double d when Math.Floor(d) == d && Math.Abs(d) < 9e15 => ((long)d).ToString(System.Globalization.CultureInfo.InvariantCulture),
        bool b => b ? "1" : "0",
        _ => PythonText.Repr(value),
    };
}
