using Grid.Api.V1;
using Grid.Core.Lifecycle;
using Grid.Core.Model;
using Grid.Samples;
using Grpc.Core;
using TaskStatus = Grid.Api.V1.TaskStatus;

namespace Grid.Tests;

/// <summary>
/// Every session move the API offers, from every session state: the moves the lifecycle table allows
/// happen and have their effect; a request already met (the same state, or a stop asked of a session that
/// has ended) succeeds and changes nothing; the others are refused with FAILED_PRECONDITION naming the
/// current state, and change nothing.
/// </summary>
[Collection("grid")]
public sealed class SessionLifecycleTests(GridFixture fixture)
{
    /// <summary>The API call of each move, by the state it leads to.</summary>
    private static readonly IReadOnlyDictionary<SessionState, string> Actions = new Dictionary<SessionState, string>
    {
        [SessionState.Running] = "resume",
        [SessionState.Paused] = "pause",
        [SessionState.Cancelled] = "cancel",
        [SessionState.Closed] = "close",
        [SessionState.Purged] = "purge",
        [SessionState.Deleted] = "delete",
    };

    /// <summary>The lifecycle as the README writes it: <c>Running ⇄ Paused → Closed/Cancelled → Purged → Deleted</c>.</summary>
    private static readonly (SessionState From, SessionState To)[] DocumentedMoves =
    [
        (SessionState.Running, SessionState.Paused), (SessionState.Paused, SessionState.Running),
        (SessionState.Running, SessionState.Closed), (SessionState.Running, SessionState.Cancelled),
        (SessionState.Paused, SessionState.Closed), (SessionState.Paused, SessionState.Cancelled),
        (SessionState.Closed, SessionState.Cancelled), // "a closed session can still be cancelled"
        (SessionState.Closed, SessionState.Purged), (SessionState.Cancelled, SessionState.Purged),
        (SessionState.Purged, SessionState.Deleted),
    ];

    public static TheoryData<SessionState, SessionState> EveryStateAndMove()
    {
        var data = new TheoryData<SessionState, SessionState>();
        foreach (var from in Enum.GetValues<SessionState>())
            foreach (var to in Enum.GetValues<SessionState>())
                data.Add(from, to);
        return data;
    }

    [Fact]
    public void The_session_lifecycle_table_is_the_one_the_readme_documents()
    {
        var readme = System.Text.RegularExpressions.Regex.Replace(File.ReadAllText(Path.Combine(RepositoryRoot(), "README.md")), @"\s+", " ");
        Assert.Contains("Lifecycle: `Running ⇄ Paused → Closed/Cancelled → Purged → Deleted`", readme);
        Assert.Contains("a closed session can still be cancelled", readme);

        var table = Enum.GetValues<SessionState>().SelectMany(from => Enum.GetValues<SessionState>().Where(to => Lifecycles.Session.CanMove(from, to)).Select(to => (from, to)));
        Assert.Equal(DocumentedMoves.Order(), table.Order());
        Assert.All(Enum.GetValues<SessionState>(), s => Assert.True(Actions.ContainsKey(s), $"no API move leads to {s}"));
    }

    [Theory]
    [MemberData(nameof(EveryStateAndMove))]
    public async Task A_session_move_is_made_when_the_table_allows_it_answered_unchanged_when_already_met_and_refused_naming_the_state_otherwise(SessionState from, SessionState to)
    {
        var ct = Work.Deadline();
        var session = await ScenarioAsync(ct);
        foreach (var step in PathTo(from)) Assert.Equal(step, await MoveAsync(session.Session.SessionId, step, ct));
        var tasksBefore = await session.Session.CountTasksAsync(ct);

        if (Lifecycles.Session.CanMove(from, to))
        {
            if (to == SessionState.Running) // held while paused, to be run once resumed
                await session.Session.SubmitAsync([Work.Task(session.Payload, [], [session.FreeOutput], SampleApplications.Echo)], ct: ct);
            if ((from, to) == (SessionState.Closed, SessionState.Purged)) // refused while a task would lose its inputs: that one ends first
                await fixture.Client.Tasks.CancelTasksAsync(new CancelTasksRequest { TaskIds = { session.WaitingTaskId } }, cancellationToken: ct);
            Assert.Equal(to, await MoveAsync(session.Session.SessionId, to, ct));
            Assert.Equal(to, await StateAsync(session.Session.SessionId, ct));
            await AssertEffectAsync(session, from, to, ct);
        }
        else if (Lifecycles.Session.IsAlreadyMet(from, to))
        {
            // Already there, or a stop asked of a session that has ended: answered with the session as it is.
            Assert.Equal(from, await MoveAsync(session.Session.SessionId, to, ct));
            Assert.Equal(from, await StateAsync(session.Session.SessionId, ct));
            Assert.Equal(tasksBefore, await session.Session.CountTasksAsync(ct));
        }
        else
        {
            var error = await Assert.ThrowsAsync<RpcException>(() => MoveAsync(session.Session.SessionId, to, ct));
            Assert.Equal(StatusCode.FailedPrecondition, error.StatusCode);
            Assert.Equal($"cannot {Actions[to]} session '{session.Session.SessionId}': it is {from}", error.Status.Detail);
            Assert.Equal(from, await StateAsync(session.Session.SessionId, ct));
            Assert.Equal(tasksBefore, await session.Session.CountTasksAsync(ct));
        }
    }

    /// <summary>A session with a task waiting on a result that never comes, and a free output for a later task.</summary>
    private sealed record Scenario(Client.GridSession Session, string Payload, string WaitingTaskId, string WaitingTaskOutput, string FreeOutput);

    private async Task<Scenario> ScenarioAsync(CancellationToken ct)
    {
        var session = await fixture.Client.CreateSessionAsync(ct: ct);
        var payload = (await session.CreateResultsWithDataAsync([("payload", Work.Text("x"))], ct))[0];
        var results = await session.CreateResultsAsync(["gate", "waiting-output", "free-output"], ct);
        var waiting = await session.SubmitAsync([Work.Task(payload, [results[0]], [results[1]], SampleApplications.Echo)], ct: ct);
        return new Scenario(session, payload, waiting[0].TaskId, results[1], results[2]);
    }

    private async Task AssertEffectAsync(Scenario scenario, SessionState from, SessionState to, CancellationToken ct)
    {
        var session = scenario.Session;
        switch (to)
        {
            case SessionState.Paused: // submission still accepted, nothing dispatched
                await session.SubmitAsync([Work.Task(scenario.Payload, [], [scenario.FreeOutput], SampleApplications.Echo)], ct: ct);
                Assert.Equal(1, (await session.CountTasksAsync(ct))[TaskStatus.Submitted]);
                break;
            case SessionState.Running: // resumed: the task submitted while paused runs
                Assert.Equal(ResultStatus.Completed, (await session.WaitAsync([scenario.FreeOutput], ct))[scenario.FreeOutput]);
                break;
            case SessionState.Closed: // no new submission
                await AssertSubmissionRefusedAsync(scenario, to, ct);
                break;
            case SessionState.Cancelled: // the waiting task is cancelled and the result it owed aborted
                Assert.Equal(ResultStatus.Aborted, (await session.WaitAsync([scenario.WaitingTaskOutput], ct))[scenario.WaitingTaskOutput]);
                Assert.Equal(1, (await session.CountTasksAsync(ct))[TaskStatus.Cancelled]);
                await AssertSubmissionRefusedAsync(scenario, to, ct);
                break;
            case SessionState.Purged: // the data is gone
                var payload = await fixture.Client.Results.GetResultAsync(new GetResultRequest { SessionId = session.SessionId, ResultId = scenario.Payload }, cancellationToken: ct);
                Assert.Equal(ResultStatus.Deleted, payload.Result.Status);
                var download = await Assert.ThrowsAsync<RpcException>(() => session.DownloadAsync(scenario.Payload, ct));
                Assert.Equal(StatusCode.FailedPrecondition, download.StatusCode);
                break;
            case SessionState.Deleted:
                await AssertSubmissionRefusedAsync(scenario, to, ct);
                break;
            default:
                Assert.Fail($"no effect known for a move from {from} to {to}");
                break;
        }
    }

    private static async Task AssertSubmissionRefusedAsync(Scenario scenario, SessionState state, CancellationToken ct)
    {
        var error = await Assert.ThrowsAsync<RpcException>(() =>
            scenario.Session.SubmitAsync([Work.Task(scenario.Payload, [], [scenario.FreeOutput], SampleApplications.Echo)], ct: ct));
        Assert.Equal(StatusCode.FailedPrecondition, error.StatusCode);
        Assert.Equal($"session '{scenario.Session.SessionId}' is {state}: it accepts no new task", error.Status.Detail);
    }

    /// <summary>The shortest series of allowed moves from Running (where a session starts) to <paramref name="target"/>, found in the table.</summary>
    private static IReadOnlyList<SessionState> PathTo(SessionState target)
    {
        var previous = new Dictionary<SessionState, SessionState> { [SessionState.Running] = SessionState.Running };
        var frontier = new Queue<SessionState>([SessionState.Running]);
        while (frontier.TryDequeue(out var state))
            foreach (var next in Enum.GetValues<SessionState>().Where(n => Lifecycles.Session.CanMove(state, n) && !previous.ContainsKey(n)))
            {
                previous[next] = state;
                frontier.Enqueue(next);
            }
        Assert.True(previous.ContainsKey(target), $"{target} cannot be reached from Running");
        var path = new List<SessionState>();
        for (var s = target; s != SessionState.Running; s = previous[s]) path.Insert(0, s);
        return path;
    }

    private async Task<SessionState> MoveAsync(string sessionId, SessionState to, CancellationToken ct)
    {
        var sessions = fixture.Client.Sessions;
        var moved = to switch
        {
            SessionState.Running => (await sessions.ResumeSessionAsync(new ResumeSessionRequest { SessionId = sessionId }, cancellationToken: ct)).Session,
            SessionState.Paused => (await sessions.PauseSessionAsync(new PauseSessionRequest { SessionId = sessionId }, cancellationToken: ct)).Session,
            SessionState.Cancelled => (await sessions.CancelSessionAsync(new CancelSessionRequest { SessionId = sessionId }, cancellationToken: ct)).Session,
            SessionState.Closed => (await sessions.CloseSessionAsync(new CloseSessionRequest { SessionId = sessionId }, cancellationToken: ct)).Session,
            SessionState.Purged => (await sessions.PurgeSessionAsync(new PurgeSessionRequest { SessionId = sessionId }, cancellationToken: ct)).Session,
            SessionState.Deleted => (await sessions.DeleteSessionAsync(new DeleteSessionRequest { SessionId = sessionId }, cancellationToken: ct)).Session,
            _ => throw new ArgumentOutOfRangeException(nameof(to), to, null),
        };
        return (SessionState)moved.Status;
    }

    private async Task<SessionState> StateAsync(string sessionId, CancellationToken ct) =>
        (SessionState)(await fixture.Client.Sessions.GetSessionAsync(new GetSessionRequest { SessionId = sessionId }, cancellationToken: ct)).Session.Status;

    private static string RepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
            if (File.Exists(Path.Combine(folder.FullName, "Grid.sln"))) return folder.FullName;
        throw new InvalidOperationException($"no Grid.sln above {AppContext.BaseDirectory}");
    }
}
