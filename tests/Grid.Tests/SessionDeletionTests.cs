using Grid.Api.V1;
using Grid.Samples;
using TaskStatus = Grid.Api.V1.TaskStatus;

namespace Grid.Tests;

/// <summary>Deleting a purged session removes the metadata of its tasks and results and keeps the session as a tombstone.</summary>
[Collection("grid")]
public sealed class SessionDeletionTests(GridFixture fixture)
{
    [Fact]
    public async Task Deleting_a_session_removes_its_tasks_and_results_and_leaves_other_sessions_alone()
    {
        var ct = Work.Deadline();
        var doomed = await SessionWithOneCompletedTaskAsync(ct);
        var kept = await SessionWithOneCompletedTaskAsync(ct);
        var sessions = fixture.Client.Sessions;

        await sessions.CloseSessionAsync(new CloseSessionRequest { SessionId = doomed }, cancellationToken: ct);
        await sessions.PurgeSessionAsync(new PurgeSessionRequest { SessionId = doomed }, cancellationToken: ct);
        await sessions.DeleteSessionAsync(new DeleteSessionRequest { SessionId = doomed }, cancellationToken: ct);

        Assert.Empty(await TasksOfAsync(doomed, ct));
        Assert.Empty(await ResultsOfAsync(doomed, ct));
        var tombstone = await sessions.GetSessionAsync(new GetSessionRequest { SessionId = doomed }, cancellationToken: ct);
        Assert.Equal(SessionStatus.Deleted, tombstone.Session.Status);

        Assert.Equal([TaskStatus.Completed], (await TasksOfAsync(kept, ct)).Select(t => t.Status));
        Assert.Equal(2, (await ResultsOfAsync(kept, ct)).Count);
    }

    private async Task<string> SessionWithOneCompletedTaskAsync(CancellationToken ct)
    {
        var session = await fixture.Client.CreateSessionAsync(ct: ct);
        var payload = (await session.CreateResultsWithDataAsync([("p", Work.Text("x"))], ct))[0];
        var output = (await session.CreateResultsAsync(["o"], ct))[0];
        await session.SubmitAsync([Work.Task(payload, [], [output], SampleApplications.Echo)], ct: ct);
        Assert.Equal(ResultStatus.Completed, (await session.WaitAsync([output], ct))[output]);
        return session.SessionId;
    }

    private async Task<IReadOnlyList<TaskInfo>> TasksOfAsync(string sessionId, CancellationToken ct) =>
        (await fixture.Client.Tasks.ListTasksAsync(new ListTasksRequest { Filter = new TaskFilter { SessionId = sessionId }, Page = new PageRequest { PageSize = 100 } },
            cancellationToken: ct)).Tasks;

    private async Task<IReadOnlyList<Result>> ResultsOfAsync(string sessionId, CancellationToken ct) =>
        (await fixture.Client.Results.ListResultsAsync(new ListResultsRequest { Filter = new ResultFilter { SessionId = sessionId }, Page = new PageRequest { PageSize = 100 } },
            cancellationToken: ct)).Results;
}
