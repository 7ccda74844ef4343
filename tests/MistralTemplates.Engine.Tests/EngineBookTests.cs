using System;
using System.Threading.Tasks;
using MistralTemplates.Mistral;

namespace MistralTemplates.Engine.Tests;

/// <summary>Ad-hoc actions and workbooks on the engine alone: all-or-nothing creates and the records a workbook makes.</summary>
public sealed class EngineBookTests : IDisposable
{
    private readonly TempEngine _engine = new();

    private EmbeddedWorkflowService Service => _engine.Service;

    [Fact]
    public async Task A_create_that_meets_an_existing_action_keeps_none_of_its_actions()
    {
        await Service.Actions.CreateAsync(BookDefinitions.TwoActions("b_first", "taken"));
        await Service.Actions.DeleteAsync("b_first");

        await Assert.ThrowsAsync<MistralConflictException>(() => Service.Actions.CreateAsync(BookDefinitions.TwoActions("fresh", "taken")));

        await Assert.ThrowsAsync<MistralNotFoundException>(() => Service.Actions.GetAsync("fresh"));
    }

    [Fact]
    public async Task A_workbook_makes_prefixed_records_with_their_own_text_and_leaves_them_when_deleted()
    {
        var book = await Service.Workbooks.CreateAsync(BookDefinitions.Book("shop"));

        Assert.Equal(["t1", "t2"], book.Tags);
        var workflow = await Service.Workflows.GetAsync("shop.wf1");
        Assert.StartsWith("wf1:\n  input:\n    - x\n", workflow.Definition);
        var action = await Service.Actions.GetAsync("shop.say");
        Assert.Equal("what", action.Input);
        Assert.Equal(false, action.IsSystem);

        await Service.Workbooks.DeleteAsync("shop");
        await Assert.ThrowsAsync<MistralNotFoundException>(() => Service.Workbooks.GetAsync("shop"));
        Assert.Equal("shop.wf1", (await Service.Workflows.GetAsync("shop.wf1")).Name);
    }

    [Fact]
    public async Task An_invalid_workbook_is_refused_and_makes_nothing()
    {
        var error = await Assert.ThrowsAsync<MistralBadRequestException>(() => Service.Workbooks.CreateAsync(BookDefinitions.BookWithoutName));

        Assert.Contains("Invalid DSL", error.Message);
        await Assert.ThrowsAsync<MistralNotFoundException>(() => Service.Workflows.GetAsync("wf1"));
    }

    public void Dispose() => _engine.Dispose();
}
