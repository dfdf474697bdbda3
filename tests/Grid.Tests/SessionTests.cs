using Grid.Api.V1;
using Grid.Samples;
using Grpc.Core;
using TaskStatus = Grid.Api.V1.TaskStatus;

namespace Grid.Tests;

[Collection("grid")]
public sealed class SessionTests(GridFixture fixture)
{
    [Fact]
    public async Task A_paused_session_accepts_tasks_but_runs_none_until_resumed()
    {
        var ct = Work.Deadline();
        var session = await fixture.Client.CreateSessionAsync(ct: ct);
        var payload = (await session.CreateResultsWithDataAsync([("p", Work.Text("x"))], ct))[0];
        var outputs = await session.CreateResultsAsync(Enumerable.Range(0, 20).Select(i => $"o{i}"), ct);
        await session.PauseAsync(ct);
        await session.SubmitAsync(outputs.Select(o => Work.Task(payload, [], [o], SampleApplications.Echo)), ct: ct);

        // A task of another, running session goes through the same agent: once it is done, the
        // agent has had every chance to run the paused ones.
        var other = await fixture.Client.CreateSessionAsync(ct: ct);
        var otherPayload = (await other.CreateResultsWithDataAsync([("p", Work.Text("y"))], ct))[0];
        var otherOutput = (await other.CreateResultsAsync(["o"], ct))[0];
        await other.SubmitAsync([Work.Task(otherPayload, [], [otherOutput], SampleApplications.Echo)], ct: ct);
        await other.WaitAsync([otherOutput], ct);
        Assert.Equal(20, (await session.CountTasksAsync(ct))[TaskStatus.Submitted]);

        await session.ResumeAsync(ct);
        Assert.All((await session.WaitAsync(outputs, ct)).Values, s => Assert.Equal(ResultStatus.Completed, s));
    }

    [Fact]
    public async Task Cancelling_a_session_cancels_its_waiting_tasks_and_aborts_their_results()
    {
        var ct = Work.Deadline();
        var session = await fixture.Client.CreateSessionAsync(ct: ct);
        var gate = (await session.CreateResultsAsync(["gate"], ct))[0];
        var payload = (await session.CreateResultsWithDataAsync([("p", Work.Text("x"))], ct))[0];
        var output = (await session.CreateResultsAsync(["o"], ct))[0];
        await session.SubmitAsync([Work.Task(payload, [gate], [output], SampleApplications.Echo)], ct: ct);

        await session.CancelAsync(ct);
        var statuses = await session.WaitAsync([output], ct);
        Assert.Equal(ResultStatus.Aborted, statuses[output]);
        Assert.Equal(1, (await session.CountTasksAsync(ct))[TaskStatus.Cancelled]);
    }

    [Theory]
    [InlineData("delete", "Running")]   // delete needs a purged session
    [InlineData("purge", "Running")]    // purge needs a closed or cancelled one
    public async Task An_illegal_move_is_refused_naming_the_current_state(string action, string state)
    {
        var ct = Work.Deadline();
        var session = await fixture.Client.CreateSessionAsync(ct: ct);
        var sessions = fixture.Client.Sessions;
        var error = await Assert.ThrowsAsync<RpcException>(() => action switch
        {
            "delete" => sessions.DeleteSessionAsync(new DeleteSessionRequest { SessionId = session.SessionId }, cancellationToken: ct).ResponseAsync,
            _ => sessions.PurgeSessionAsync(new PurgeSessionRequest { SessionId = session.SessionId }, cancellationToken: ct).ResponseAsync,
        });
        Assert.Equal(StatusCode.FailedPrecondition, error.StatusCode);
        Assert.Equal($"cannot {action} session '{session.SessionId}': it is {state}", error.Status.Detail);
    }

    [Fact]
    public async Task A_closed_then_purged_session_has_no_result_data_left()
    {
        var ct = Work.Deadline();
        var session = await fixture.Client.CreateSessionAsync(ct: ct);
        var data = (await session.CreateResultsWithDataAsync([("d", Work.Text("gone soon"))], ct))[0];
        await session.CloseAsync(ct);
        await fixture.Client.Sessions.PurgeSessionAsync(new PurgeSessionRequest { SessionId = session.SessionId }, cancellationToken: ct);

        var result = await fixture.Client.Results.GetResultAsync(new GetResultRequest { SessionId = session.SessionId, ResultId = data }, cancellationToken: ct);
        Assert.Equal(ResultStatus.Deleted, result.Result.Status);
        var error = await Assert.ThrowsAsync<RpcException>(() => session.DownloadAsync(data, ct));
        Assert.Equal(StatusCode.FailedPrecondition, error.StatusCode);
    }

    [Fact]
    public async Task Sessions_list_with_a_status_filter_sorting_and_paging()
    {
        var ct = Work.Deadline();
        var created = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            var s = await fixture.Client.CreateSessionAsync(ct: ct);
            await s.PauseAsync(ct);
            created.Add(s.SessionId);
        }
        var request = new ListSessionsRequest
        {
            Filter = new SessionFilter { Statuses = { SessionStatus.Paused }, CreatedAfter = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTime(DateTime.UtcNow.AddMinutes(-5)) },
            SortField = SessionSortField.CreatedAt,
            SortDirection = SortDirection.Descending,
            Page = new PageRequest { Page = 0, PageSize = 2 },
        };
        var page = await fixture.Client.Sessions.ListSessionsAsync(request, cancellationToken: ct);
        Assert.True(page.Page.Total >= 3);
        Assert.Equal(2, page.Sessions.Count);
        Assert.All(page.Sessions, s => Assert.Equal(SessionStatus.Paused, s.Status));
        Assert.True(page.Sessions[0].CreatedAt >= page.Sessions[1].CreatedAt);
    }
}
