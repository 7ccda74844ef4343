using System;
using System.Linq;
using System.Threading.Tasks;
using MistralTemplates.Mistral;

namespace MistralTemplates.Client.Tests.Unit;

/// <summary>Lists stream every row, page by page, past the server's 1,000-row cap and its mangled next links.</summary>
public sealed class PagingTests
{
    [Fact]
    public async Task The_canned_server_mangles_next_links_as_the_transcript_shows()
    {
        // The real answer: executions?state=in:SUCCESS,ERROR&...&limit=3 gave next ...state=in:['SUCCESS', 'ERROR']...
        Assert.Contains("state=in:['SUCCESS', 'ERROR']&limit=3&marker=", Transcript.Read("executions-list-state-in.json"), StringComparison.Ordinal);
        var server = new PagedExecutionsServer(PagedExecutionsServer.Rows(3, ["SUCCESS"], ["a"]));
        var request = new RecordedRequest(System.Net.Http.HttpMethod.Get,
            new Uri("http://mistral.test:8989/v2/executions?state=in:SUCCESS,ERROR&limit=3"), new System.Collections.Generic.Dictionary<string, string>(), null, null, null);

        using var response = await server.Answer(request, default);
        var next = System.Text.Json.Nodes.JsonNode.Parse(await response.Content.ReadAsStringAsync())!["next"]!.GetValue<string>();

        Assert.Equal("http://127.0.0.1:8989/v2/executions?sort_keys=created_at,id&sort_dirs=asc,asc&state=in:['SUCCESS', 'ERROR']&limit=3&marker="
            + PagedExecutionsServer.IdOf(2), next);
    }

    [Fact]
    public async Task Executions_past_the_1000_row_cap_come_in_order_with_our_own_filters_on_every_page()
    {
        // 2,500 of the 3,750 rows match (SUCCESS or ERROR); the server filters the RUNNING ones out.
        var rows = PagedExecutionsServer.Rows(3_750, ["SUCCESS", "ERROR", "RUNNING"], ["a", "b"]);
        var expected = rows.Where(r => r["state"]!.GetValue<string>() != "RUNNING").Select(r => r["id"]!.GetValue<string>()).ToList();
        Assert.Equal(2_500, expected.Count);
        var handler = CannedHandler.Routing((_, _) => new PagedExecutionsServer(rows).Answer);
        using var client = TestClients.Over(handler);

        var listed = await JsonQuirkTests.ToListAsync(client.Executions.ListAsync(new ExecutionQuery
        {
            WorkflowNames = ["a", "b"],
            States = [ExecutionState.Success, ExecutionState.Error],
        }));

        Assert.Equal(expected, listed.Select(e => e.Id));
        var calls = handler.Requests;
        Assert.Equal(3, calls.Count);
        Assert.All(calls, call =>
        {
            Assert.Equal("in:SUCCESS,ERROR", call.Query("state"));
            Assert.Equal("in:a,b", call.Query("workflow_name"));
            Assert.Equal("1000", call.Query("limit"));
        });
        Assert.Null(calls[0].Query("marker"));
        Assert.Equal(expected[999], calls[1].Query("marker"));
        Assert.Equal(expected[1999], calls[2].Query("marker"));
        Assert.All(calls.Skip(1), call =>
        {
            Assert.Equal("created_at,id", call.Query("sort_keys"));
            Assert.Equal("asc,asc", call.Query("sort_dirs"));
        });
    }

    [Fact]
    public async Task A_small_page_size_only_changes_how_many_rows_each_call_fetches()
    {
        var rows = PagedExecutionsServer.Rows(30, ["SUCCESS"], ["hello"]);
        var handler = CannedHandler.Routing((_, _) => new PagedExecutionsServer(rows).Answer);
        using var client = TestClients.Over(handler);

        var listed = await JsonQuirkTests.ToListAsync(client.Executions.ListAsync(new ExecutionQuery { PageSize = 7 }));

        Assert.Equal(rows.Select(r => r["id"]!.GetValue<string>()), listed.Select(e => e.Id));
        Assert.Equal(5, handler.Requests.Count);
        Assert.All(handler.Requests, call => Assert.Equal("7", call.Query("limit")));
        Assert.Equal(PagedExecutionsServer.IdOf(27), handler.Requests[4].Query("marker"));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(1001)]
    public async Task A_page_size_outside_1_to_1000_is_refused_before_sending(int pageSize)
    {
        var handler = CannedHandler.InTurn(Answers.Json(System.Net.HttpStatusCode.OK, """{"executions": []}"""));
        using var client = TestClients.Over(handler);

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() =>
            JsonQuirkTests.ToListAsync(client.Executions.ListAsync(new ExecutionQuery { PageSize = pageSize })));
        Assert.Empty(handler.Requests);
    }

    [Fact]
    public async Task A_workflow_list_follows_next_with_its_own_fields()
    {
        var handler = CannedHandler.InTurn(
            Answers.FromTranscript(System.Net.HttpStatusCode.OK, "workflows-list-limit-2.json"),
            Answers.Json(System.Net.HttpStatusCode.OK, """{"workflows": []}"""));
        using var client = TestClients.Over(handler);

        var listed = await JsonQuirkTests.ToListAsync(client.Workflows.ListAsync(new ListQuery { PageSize = 2, Fields = ["name", "namespace", "created_at"] }));

        Assert.Equal(["ns2/hello", "/wf_a"], listed.Select(w => $"{w.Namespace}/{w.Name}"));
        Assert.Equal(new DateTimeOffset(2026, 11, 27, 13, 47, 6, TimeSpan.Zero), listed[0].CreatedAt);
        Assert.Equal(2, handler.Requests.Count);
        Assert.Equal("a297339c-2fe4-4b70-b1d8-7808d6d6769d", handler.Requests[1].Query("marker"));
        Assert.Equal("name,namespace,created_at", handler.Requests[1].Query("fields"));
        Assert.Equal("2", handler.Requests[1].Query("limit"));
    }

    [Fact]
    public async Task A_real_next_link_is_followed_by_its_marker_with_our_own_filter()
    {
        var handler = CannedHandler.InTurn(
            Answers.FromTranscript(System.Net.HttpStatusCode.OK, "executions-list-state-in.json"),
            Answers.Json(System.Net.HttpStatusCode.OK, """{"executions": []}"""));
        using var client = TestClients.Over(handler);

        var listed = await JsonQuirkTests.ToListAsync(client.Executions.ListAsync(new ExecutionQuery
        {
            States = [ExecutionState.Success, ExecutionState.Error],
            Sort = [new ListSort("created_at", Descending: true)],
            Fields = ["id", "state"],
            PageSize = 3,
        }));

        Assert.Equal(3, listed.Count);
        var second = handler.Requests[1];
        Assert.Equal("in:SUCCESS,ERROR", second.Query("state"));
        Assert.Equal("3e71a507-11bf-4ef9-953d-d4e99ba4cbc0", second.Query("marker"));
        Assert.Equal("created_at,id", second.Query("sort_keys"));
        Assert.Equal("desc,asc", second.Query("sort_dirs"));
        Assert.Equal("id,state", second.Query("fields"));
        Assert.Equal("3", second.Query("limit"));
    }
}
