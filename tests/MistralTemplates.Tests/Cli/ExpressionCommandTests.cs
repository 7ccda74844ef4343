using System;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using MistralTemplates.Cli;

namespace MistralTemplates.Tests.Cli;

/// <summary>
/// The <c>expr</c> verb: every form of it, run in process with a state folder that must stay unmade, since the verb
/// needs no server and no state.
/// </summary>
public sealed class ExpressionCommandTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "expr-" + Guid.NewGuid().ToString("N"));

    private sealed class OneWorkflowStack() : Stack("expr", new StackTemplate("one.yaml", """
        heat_template_version: 2016-10-14
        resources:
          workflow:
            type: OS::Mistral::Workflow
            properties:
              definition: |
                one:
                  tasks:
                    say:
                      action: std.noop
        """));

    public void Dispose()
    {
        if (Directory.Exists(_folder)) Directory.Delete(_folder, recursive: true);
    }

    private async Task<(int Code, string Output, string Error)> RunAsync(string? input, params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = await StackCommandLine.RunAsync(new OneWorkflowStack(), ["expr", .. args, "--state-dir", Path.Combine(_folder, "state")], output, error,
            withoutVerb: null, engineOptions: null, input: new StringReader(input ?? ""));
        // The verb evaluates in memory: it must not make or open the engine's state.
        Assert.False(Directory.Exists(_folder), "expr made a state folder");
        return (code, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task A_yaql_expression_prints_its_value_as_json()
    {
        var (code, output, error) = await RunAsync(null, "<% $.nums.select($ * 2) %>", "--data", """{"nums": [1, 2]}""");
        Assert.Equal((0, "[2, 4]\n", ""), (code, output.ReplaceLineEndings("\n"), error));
    }

    [Fact]
    public async Task A_jinja_expression_prints_its_value_as_python_writes_json()
    {
        var (code, output, _) = await RunAsync(null, "{{ _.nums | map('float') | list }}", "-D", """{"nums": [1, "2.5"]}""");
        Assert.Equal(0, code);
        Assert.Equal("[1.0, 2.5]", output.Trim());
    }

    [Fact]
    public async Task Text_around_expressions_is_rendered_to_a_string()
    {
        var (code, output, _) = await RunAsync(null, "n={{ _.n }} and <% $.n + 1 %>", "--data", """{"n": 1}""");
        Assert.Equal(0, code);
        // Mistral evaluates the YAQL parts first and leaves the rest as text.
        Assert.Equal("\"n={{ _.n }} and 2\"", output.Trim());
    }

    [Fact]
    public async Task Data_can_come_from_a_file()
    {
        Directory.CreateDirectory(_folder + "-data");
        var file = Path.Combine(_folder + "-data", "data.json");
        try
        {
            await File.WriteAllTextAsync(file, """{"vms": [{"name": "a"}, {"name": "b"}]}""");
            var (code, output, _) = await RunAsync(null, "{{ _.vms | map(attribute='name') | join(',') }}", "--data", "@" + file);
            Assert.Equal((0, "\"a,b\""), (code, output.Trim()));
        }
        finally
        {
            Directory.Delete(_folder + "-data", recursive: true);
        }
    }

    [Fact]
    public async Task An_expression_that_fails_prints_the_error_as_mistral_words_it_and_exits_1()
    {
        var (code, output, error) = await RunAsync(null, "{{ _.missing }}", "--data", "{}");
        Assert.Equal(1, code);
        Assert.Equal("", output);
        Assert.StartsWith("error: Can not evaluate Jinja expression [expression={{ _.missing }}, error=", error);
        Assert.Contains("missing", error);

        var yaql = await RunAsync(null, "<% $.a + 'x' %>", "--data", """{"a": 1}""");
        Assert.Equal(1, yaql.Code);
        Assert.StartsWith("error: Can not evaluate YAQL expression [expression=$.a + 'x', error=", yaql.Error);
    }

    [Theory]
    [InlineData("--data", "[1, 2]", "--data must be a JSON object")]
    [InlineData("--data", "{nope", "--data is not valid JSON")]
    [InlineData("--data", "@/no/such/file.json", "--data @/no/such/file.json: the file cannot be read")]
    [InlineData("--context", "7", "--context must be a JSON object")]
    public async Task Bad_data_is_a_usage_error_that_names_the_option(string option, string value, string message)
    {
        var (code, output, error) = await RunAsync(null, "<% $ %>", option, value);
        Assert.Equal(2, code);
        Assert.Equal("", output);
        Assert.Contains(message, error);
    }

    [Fact]
    public async Task Without_an_expression_or_with_both_forms_it_says_what_to_give()
    {
        var none = await RunAsync(null);
        Assert.Equal(2, none.Code);
        Assert.Contains("expr needs an expression", none.Error);

        var both = await RunAsync("", "<% 1 %>", "--jsonl");
        Assert.Equal(2, both.Code);
        Assert.Contains("leave out the expression", both.Error);
    }

    [Theory]
    [InlineData("<% task(t1).result %>", "task()")]
    [InlineData("{{ execution().id }}", "execution()")]
    [InlineData("<% env().region %>", "env()")]
    [InlineData("{{ tasks() }}", "tasks()")]
    public async Task Functions_that_read_an_execution_need_a_context(string expression, string function)
    {
        var (code, _, error) = await RunAsync(null, expression);
        Assert.Equal(1, code);
        Assert.Contains($"{function} reads a running execution, and there is none here", error);
    }

    [Fact]
    public async Task With_a_context_the_execution_functions_read_it()
    {
        const string context = """
            {"execution": {"id": "e1"}, "env": {"region": "r1"}, "task": "t1",
             "tasks": [{"name": "t1", "state": "SUCCESS", "result": [1, 2]}, {"name": "t2", "state": "ERROR", "result": null}]}
            """;
        var cases = new (string Expression, string Expected)[]
        {
            ("<% task(t1).result.sum() %>", "3"),
            ("{{ task().result | length }}", "2"),
            ("{{ execution().id }}", "\"e1\""),
            ("<% env().region %>", "\"r1\""),
            ("{{ tasks(state='ERROR') | map(attribute='name') | list }}", "[\"t2\"]"),
        };
        foreach (var (expression, expected) in cases)
        {
            var (code, output, error) = await RunAsync(null, expression, "--context", context);
            Assert.True(code == 0, $"{expression}: {error}");
            Assert.Equal(expected, output.Trim());
        }
    }

    [Fact]
    public async Task Jsonl_answers_every_line_in_order_and_a_bad_line_with_an_error_line()
    {
        var input = new StringBuilder();
        var expected = new System.Collections.Generic.List<string>();
        for (var i = 0; i < 300; i++)
        {
            // Lines of every kind, interleaved: YAQL, Jinja, failing expressions and lines that are not cases at all.
            switch (i % 5)
            {
                case 0:
                    input.AppendLine("""{"expression": "<% $.n * 2 %>", "data": {"n": """ + i + "}}");
                    expected.Add("""{"result": """ + i * 2 + "}");
                    break;
                case 1:
                    input.AppendLine("""{"expression": "{{ _.words | join('-') }}", "data": {"words": ["w", """ + $"\"{i}\"" + "]}}");
                    expected.Add($"{{\"result\": \"w-{i}\"}}");
                    break;
                case 2:
                    input.AppendLine("""{"expression": "{{ _.nope }}", "data": {}}""");
                    expected.Add("error:Can not evaluate Jinja expression");
                    break;
                case 3:
                    input.AppendLine("not json at all");
                    expected.Add($"error:line {i + 1} is not a JSON object");
                    break;
                default:
                    input.AppendLine("""{"data": {}}""");
                    expected.Add($"error:line {i + 1} has no \"expression\" string");
                    break;
            }
        }
        var (code, output, error) = await RunAsync(input.ToString(), "--jsonl");
        Assert.Equal((0, ""), (code, error));
        var lines = output.ReplaceLineEndings("\n").TrimEnd('\n').Split('\n');
        Assert.Equal(expected.Count, lines.Length);
        for (var i = 0; i < lines.Length; i++)
        {
            if (expected[i].StartsWith("error:", StringComparison.Ordinal))
            {
                var message = JsonNode.Parse(lines[i])!["error"]!.GetValue<string>();
                Assert.StartsWith(expected[i]["error:".Length..], message);
                Assert.DoesNotContain("\\u0022", lines[i]);   // quotes written as \", as Python's json.dumps does
            }
            else
            {
                Assert.Equal(expected[i], lines[i]);
            }
        }
    }
}
