using Grid.Api.V1;
using Grid.Samples;
using Grpc.Core;

namespace Grid.Tests;

/// <summary>Purging a closed session waits for its tasks: they still read the session's results as inputs.</summary>
[Collection("grid")]
public sealed class SessionPurgeTests(GridFixture fixture)
{
    [Fact]
    public async Task Purging_a_closed_session_with_unfinished_tasks_is_refused_naming_how_many_and_keeps_their_inputs()
    {
        var ct = Work.Deadline();
        var session = await fixture.Client.CreateSessionAsync(ct: ct);
        var input = (await session.CreateResultsWithDataAsync([("input", Work.Text("kept"))], ct))[0];
        var ids = await session.CreateResultsAsync(["never-produced", "output-1", "output-2"], ct);
        var (never, output1, output2) = (ids[0], ids[1], ids[2]);
        // Both wait for a result nothing produces: they stay Pending, as tasks of a closed session waiting on a long upstream would.
        await session.SubmitAsync([Work.Task(input, [never], [output1], SampleApplications.Echo), Work.Task(input, [never], [output2], SampleApplications.Echo)], ct: ct);
        await session.CloseAsync(ct);

        var error = await Assert.ThrowsAsync<RpcException>(() =>
            fixture.Client.Sessions.PurgeSessionAsync(new PurgeSessionRequest { SessionId = session.SessionId }, cancellationToken: ct).ResponseAsync);

        Assert.Equal(StatusCode.FailedPrecondition, error.StatusCode);
        Assert.Contains($"cannot purge session '{session.SessionId}'", error.Status.Detail);
        Assert.Contains("2 unfinished tasks", error.Status.Detail);
        Assert.Equal("kept", Work.Text(await session.DownloadAsync(input, ct)));
        var state = await fixture.Client.Sessions.GetSessionAsync(new GetSessionRequest { SessionId = session.SessionId }, cancellationToken: ct);
        Assert.Equal(SessionStatus.Closed, state.Session.Status);
    }

    [Fact]
    public async Task A_closed_session_whose_tasks_were_cancelled_is_purged()
    {
        var ct = Work.Deadline();
        var session = await fixture.Client.CreateSessionAsync(ct: ct);
        var input = (await session.CreateResultsWithDataAsync([("input", Work.Text("gone"))], ct))[0];
        var ids = await session.CreateResultsAsync(["never-produced", "output"], ct);
        var (never, output) = (ids[0], ids[1]);
        await session.SubmitAsync([Work.Task(input, [never], [output], SampleApplications.Echo)], ct: ct);
        await session.CloseAsync(ct);
        await session.CancelAsync(ct);

        var purged = await fixture.Client.Sessions.PurgeSessionAsync(new PurgeSessionRequest { SessionId = session.SessionId }, cancellationToken: ct);

        Assert.Equal(SessionStatus.Purged, purged.Session.Status);
    }
}
