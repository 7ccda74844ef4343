using System;
using System.Collections.Generic;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading;
using Jint;
using Jint.Runtime;
using MistralTemplates.Engine.Running;

namespace MistralTemplates.Engine.Actions;

/// <summary>
/// std.javascript on Jint: the script is the body of a function (so it ends with <c>return</c>), <c>$</c> is the
/// action's <c>context</c> input, and the value returned comes back through JSON, as Mistral's evaluators give it.
/// </summary>
internal static class JavaScriptAction
{
    private const string ActionName = "<mistral.actions.std_actions.JavaScriptAction object>";

    public static ActionOutcome Run(IReadOnlyDictionary<string, object?> input, string actionExecutionId, CancellationToken cancellationToken)
    {
        var script = ActionInput.Get(input, "script") as string ?? "";
        var context = ExpressionValues.ToJson(ActionInput.Get(input, "context"))?.ToJsonString() ?? "null";
        try
        {
            using var engine = new Jint.Engine(options => options.CancellationToken(cancellationToken));
            engine.SetValue("__context", context);
            var returned = engine.Evaluate("var $ = JSON.parse(__context);\nfunction f() {\n" + script + "\n}\nJSON.stringify(f());");
            return ActionOutcome.Ok(returned.IsString() ? ExpressionValues.FromJson(JsonNode.Parse(returned.AsString())) : null);
        }
        catch (Exception problem) when (problem is JavaScriptException or ExecutionCanceledException or Acornima.ParseErrorException
            or JintException or JsonException)
        {
            cancellationToken.ThrowIfCancellationRequested();
            return ActionOutcome.Raised(ActionName, actionExecutionId, "JavaScriptAction failed: " + problem.Message);
        }
    }
}
