using System;
using System.CommandLine;
using System.IO;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using MistralTemplates.Engine;

namespace MistralTemplates.Cli;

/// <summary>
/// The <c>expr</c> verb: evaluates a YAQL (<c>&lt;% %&gt;</c>) or Jinja (<c>{{ }}</c>) expression as the embedded
/// engine evaluates a workflow's, and prints the value as JSON or the error as Mistral words it. It needs no server
/// and never opens a state folder. With <c>--jsonl</c> it reads one <c>{"expression", "data"}</c> object per line
/// from standard input and writes one <c>{"result": VALUE}</c> or <c>{"error": "MESSAGE"}</c> per line.
/// </summary>
internal sealed class ExpressionCommand
{
    private readonly Argument<string?> _expression = new("expression")
    {
        Description = "The expression as a workflow writes it, e.g. '<% $.nums.sum() %>' or '{{ _.nums | sum }}'.",
        Arity = ArgumentArity.ZeroOrOne,
    };

    private readonly Option<string> _data = new("--data", "-D")
    {
        Description = "The data context ($ in YAQL, _ in Jinja) as a JSON object, or @FILE to read it from a file (default: {}).",
    };

    private readonly Option<string> _context = new("--context")
    {
        Description = "What task(), tasks(), execution() and env() read, as a JSON object or @FILE: " +
                      "{\"execution\": {...}, \"env\": {...}, \"tasks\": [{\"name\": \"t1\", \"result\": ...}], \"task\": \"t1\"}. " +
                      "Without it those functions are an error.",
    };

    private readonly Option<bool> _jsonl = new("--jsonl")
    {
        Description = "Read one {\"expression\": ..., \"data\": {...}} object per line from standard input; write one " +
                      "{\"result\": ...} or {\"error\": \"...\"} line for each, in order.",
    };

    public ExpressionCommand()
    {
        Command = new Command("expr", "Evaluate a YAQL or Jinja expression over JSON data, as the engine would, and print the value.")
        {
            _expression, _data, _context, _jsonl,
        };
    }

    /// <summary>The verb, for the root command to add.</summary>
    public Command Command { get; }

    /// <summary>Evaluates what <paramref name="result"/> asks for; a mistake in the options is a <see cref="UsageException"/>.</summary>
    public async Task<int> RunAsync(ParseResult result, TextReader input, TextWriter output, StackConsole ui, CancellationToken token)
    {
        var expression = result.GetValue(_expression);
        var context = ReadObject("--context", result.GetValue(_context));
        if (result.GetValue(_jsonl))
        {
            if (expression is not null || result.GetValue(_data) is not null)
                throw new UsageException("expr --jsonl reads each expression and its data from standard input; leave out the expression and --data.");
            await EvaluateLinesAsync(input, output, context, token).ConfigureAwait(false);
            return StackCommandLine.Success;
        }
        if (expression is null) throw new UsageException("expr needs an expression, e.g. expr '<% $.nums.sum() %>' --data '{\"nums\": [1, 2]}', or --jsonl.");
        var outcome = ExpressionTrial.Evaluate(expression, ReadObject("--data", result.GetValue(_data)), context);
        if (!outcome.Success)
        {
            ui.Error(outcome.Error!);
            return StackCommandLine.Failure;
        }
        output.WriteLine(outcome.Json);
        return StackCommandLine.Success;
    }

    private static async Task EvaluateLinesAsync(TextReader input, TextWriter output, JsonObject? context, CancellationToken token)
    {
        var number = 0;
        while (await input.ReadLineAsync(token).ConfigureAwait(false) is { } line)
        {
            number++;
            if (line.Trim().Length == 0) continue;
            output.WriteLine(EvaluateLine(line, number, context));
        }
    }

    /// <summary>One input line's output line; a line that is not a case is an error line, and the next lines still run.</summary>
    private static string EvaluateLine(string line, int number, JsonObject? context)
    {
        JsonObject request;
        try
        {
            request = JsonNode.Parse(line) as JsonObject ?? throw new JsonException("it is not a JSON object");
        }
        catch (JsonException e)
        {
            return ErrorLine($"line {number} is not a JSON object with \"expression\" and \"data\": {e.Message}");
        }
        if (request["expression"] is not JsonValue text || !text.TryGetValue(out string? expression))
            return ErrorLine($"line {number} has no \"expression\" string");
        if (request["data"] is { } data && data is not JsonObject)
            return ErrorLine($"line {number}: \"data\" must be a JSON object, the data context of the expression");
        var outcome = ExpressionTrial.Evaluate(expression, (JsonObject?)request["data"], context);
        return outcome.Success ? $"{{\"result\": {outcome.Json}}}" : ErrorLine(outcome.Error!);
    }

    // Quotes and apostrophes as \" and ', as Python's json.dumps writes them, not as \u0022 escapes.
    private static readonly JsonSerializerOptions PlainEscaping = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static string ErrorLine(string message) => $"{{\"error\": {JsonSerializer.Serialize(message, PlainEscaping)}}}";

    /// <summary>The option's JSON object, given inline or as <c>@FILE</c>; anything else is a usage mistake that says what to give.</summary>
    private static JsonObject? ReadObject(string option, string? value)
    {
        if (value is null) return null;
        var text = value;
        if (value.StartsWith('@'))
        {
            var path = value[1..];
            try
            {
                text = File.ReadAllText(path);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
            {
                throw new UsageException($"{option} {value}: the file cannot be read: {e.Message}");
            }
        }
        try
        {
            return JsonNode.Parse(text) as JsonObject ?? throw new UsageException($"{option} must be a JSON object, e.g. {{\"nums\": [1, 2]}}.");
        }
        catch (JsonException e)
        {
            throw new UsageException($"{option} is not valid JSON: {e.Message}");
        }
    }
}
