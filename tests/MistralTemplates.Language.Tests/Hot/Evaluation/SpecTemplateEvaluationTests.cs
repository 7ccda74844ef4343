using System.Collections.Generic;
using System.IO;
using System.Linq;
using MistralTemplates.Language.Hot;
using MistralTemplates.Language.Hot.Evaluation;
using static MistralTemplates.Language.Tests.Hot.Evaluation.EvaluationKit;

namespace MistralTemplates.Language.Tests.Hot.Evaluation;

/// <summary>The three templates of the Mistral resources spec, evaluated as a deploy would, with a resolver standing in for Mistral.</summary>
public class SpecTemplateEvaluationTests
{
    private static HotTemplate Load(string name)
    {
        var path = Path.Combine(RepositoryPaths.TestData, "spec", name);
        var analysis = TemplateAnalyzer.Analyze(path, File.ReadAllText(path), new DiskFileProvider());
        return analysis.Template!;
    }

    private static FakeResolver Mistral()
    {
        var resolver = new FakeResolver();
        resolver.Attributes["workflow.alarm_url"] = "http://127.0.0.1:8989/alarm/abc";
        resolver.Attributes["workflow.executions"] = L("e1", "e2");
        resolver.Attributes["workflow.available_workflows"] = M(("test", "spec.workflow.test"), ("create_vm", "spec.workflow.create_vm"));
        return resolver;
    }

    /// <summary>Each enabled resource's properties and each output's value.</summary>
    private static Dictionary<string, object?> EvaluateAll(HotTemplate template, IResourceReferenceResolver resolver)
    {
        var context = Context(template, ParameterResolver.Resolve(template, new Dictionary<string, string>()).Values, resolver);
        var values = new Dictionary<string, object?>();
        foreach (var resource in template.Resources)
        {
            Assert.True(ConditionEvaluator.IsEnabled(resource, context).Enabled);
            var result = HotEvaluator.EvaluateProperties(resource, context);
            Assert.True(result.Success, string.Join("\n", result.Errors));
            values[resource.Name] = result.Value;
        }
        foreach (var output in template.Outputs)
        {
            var result = HotEvaluator.EvaluateOutput(output, context);
            Assert.True(result.Success, string.Join("\n", result.Errors));
            values["output " + output.Name] = result.Value;
        }
        return values;
    }

    [Fact]
    public void Use_case_1_workflow_definition_is_the_text_as_written()
    {
        var values = EvaluateAll(Load("use_case_1.yaml"), Mistral());
        var definition = (string)((Dictionary<string, object?>)values["workflow"]!)["definition"]!;
        Assert.StartsWith("test:\n  type: direct\n", definition);
        Assert.EndsWith("result: $\n", definition);
    }

    [Fact]
    public void Use_case_2_alarm_gets_the_workflows_alarm_url_and_the_outputs_its_attributes()
    {
        var resolver = Mistral();
        var values = EvaluateAll(Load("use_case_2.yaml"), resolver);
        var alarm = (Dictionary<string, object?>)values["alarm"]!;
        var nested = (Dictionary<string, object?>)((Dictionary<string, object?>)alarm["alarm"]!)["properties"]!;
        Assert.Equal(L("http://127.0.0.1:8989/alarm/abc"), nested["alarm_actions"]);
        Assert.Equal(60L, nested["period"]);
        Assert.Equal(0L, nested["threshold"]);
        Assert.Equal(L("e1", "e2"), values["output executions"]);
        Assert.Equal(M(("test", "spec.workflow.test"), ("create_vm", "spec.workflow.create_vm")), values["output workflows"]);
        Assert.Contains("attr workflow alarm_url []", resolver.Calls);
    }

    [Fact]
    public void Use_case_3_reads_the_definition_file_and_selects_the_workflow_name_for_the_trigger()
    {
        var values = EvaluateAll(Load("use_case_3.yaml"), Mistral());
        var workflow = (Dictionary<string, object?>)values["workflow"]!;
        Assert.StartsWith("version: 2.0\n  create_vm:", (string)workflow["definition"]!);
        Assert.Equal(M(("vm_name", "test"), ("image_ref", "some_image_id"), ("flavor_ref", "some_flavor_id")), workflow["input"]);
        var trigger = (Dictionary<string, object?>)values["cron_trigger"]!;
        Assert.Equal(M(("name", "test_trigger"), ("pattern", "1 0 * * *"), ("workflow", "spec.workflow.create_vm")), trigger);
    }

    [Fact]
    public void Planned_with_deferred_references_the_trigger_waits_for_the_workflow()
    {
        var values = EvaluateAll(Load("use_case_3.yaml"), DeferringResolver.Instance);
        var trigger = (Dictionary<string, object?>)values["cron_trigger"]!;
        Assert.Equal(new DeferredValue("get_attr workflow available_workflows create_vm"), trigger["workflow"]);
        Assert.IsType<string>(((Dictionary<string, object?>)values["workflow"]!)["definition"]);
    }

    [Fact]
    public void The_spec_templates_have_no_conditions()
    {
        foreach (var name in new[] { "use_case_1.yaml", "use_case_2.yaml", "use_case_3.yaml" })
        {
            var template = Load(name);
            var result = ConditionEvaluator.Evaluate(Context(template));
            Assert.True(result.Success);
            Assert.Empty(result.Values);
            Assert.All(template.Resources, r => Assert.True(ConditionEvaluator.IsEnabled(r, Context(template)).Enabled));
        }
    }
}
