using Grid.Api.V1;
using Grid.Samples;
using Grpc.Core;
using Grpc.Net.Client;
using TaskStatus = Grid.Api.V1.TaskStatus;

namespace Grid.Tests;

/// <summary>
/// The same input gets the same answer from every call (README, "The API"): an id that does not exist is NOT_FOUND
/// wherever it is what the call acts on, an empty id is INVALID_ARGUMENT naming the field, and asking for what already
/// holds succeeds and changes nothing. Called with the generated clients only, as a client built from Protos/ would.
/// </summary>
[Collection("grid")]
public sealed class ApiConsistencyTests(GridFixture fixture) : IDisposable
{
    private readonly GrpcChannel _channel = GrpcChannel.ForAddress(fixture.Grid.Address);
    private SessionsService.SessionsServiceClient Sessions => new(_channel);
    private ResultsService.ResultsServiceClient Results => new(_channel);
    private TasksService.TasksServiceClient Tasks => new(_channel);

    public void Dispose() => _channel.Dispose();

    [Fact]
    public async Task An_id_that_does_not_exist_is_not_found_in_every_call_that_acts_on_it()
    {
        var ct = Work.Deadline();
        var session = (await Sessions.CreateSessionAsync(new CreateSessionRequest(), cancellationToken: ct)).Session.SessionId;
        const string missing = "no-such-id";

        var calls = new Dictionary<string, Func<Task>>
        {
            ["GetSession"] = () => Sessions.GetSessionAsync(new GetSessionRequest { SessionId = missing }, cancellationToken: ct).ResponseAsync,
            ["CancelSession"] = () => Sessions.CancelSessionAsync(new CancelSessionRequest { SessionId = missing }, cancellationToken: ct).ResponseAsync,
            ["PauseSession"] = () => Sessions.PauseSessionAsync(new PauseSessionRequest { SessionId = missing }, cancellationToken: ct).ResponseAsync,
            ["GetResult"] = () => Results.GetResultAsync(new GetResultRequest { SessionId = session, ResultId = missing }, cancellationToken: ct).ResponseAsync,
            ["DownloadResultData"] = async () =>
            {
                using var call = Results.DownloadResultData(new DownloadResultDataRequest { SessionId = session, ResultId = missing }, cancellationToken: ct);
                await call.ResponseStream.MoveNext(ct);
            },
            ["WaitForResults"] = async () =>
            {
                using var call = Results.WaitForResults(new WaitForResultsRequest { SessionId = session, ResultIds = { missing } }, cancellationToken: ct);
                await call.ResponseStream.MoveNext(ct);
            },
            ["DeleteResultsData"] = () => Results.DeleteResultsDataAsync(new DeleteResultsDataRequest { SessionId = session, ResultIds = { missing } }, cancellationToken: ct).ResponseAsync,
            ["GetTask"] = () => Tasks.GetTaskAsync(new GetTaskRequest { TaskId = missing }, cancellationToken: ct).ResponseAsync,
            ["CancelTasks"] = () => Tasks.CancelTasksAsync(new CancelTasksRequest { TaskIds = { missing } }, cancellationToken: ct).ResponseAsync,
            ["GetEvents"] = async () =>
            {
                using var call = new EventsService.EventsServiceClient(_channel).GetEvents(new GetEventsRequest { SessionId = missing }, cancellationToken: ct);
                await call.ResponseStream.MoveNext(ct);
            },
            ["GetPartition"] = () => new PartitionsService.PartitionsServiceClient(_channel).GetPartitionAsync(new GetPartitionRequest { PartitionId = missing }, cancellationToken: ct).ResponseAsync,
        };
        foreach (var (name, call) in calls)
        {
            var error = await Assert.ThrowsAsync<RpcException>(call);
            Assert.True(error.StatusCode == StatusCode.NotFound, $"{name}: {error.StatusCode} {error.Status.Detail}");
            Assert.Contains($"'{missing}' does not exist", error.Status.Detail);
        }
    }

    [Fact]
    public async Task An_empty_id_is_an_invalid_argument_naming_the_field_in_every_call()
    {
        var ct = Work.Deadline();
        var session = (await Sessions.CreateSessionAsync(new CreateSessionRequest(), cancellationToken: ct)).Session.SessionId;
        var payload = (await fixture.Client.OpenSession(session).CreateResultsWithDataAsync([("p", Work.Text("x"))], ct))[0];

        var calls = new Dictionary<string, (string Field, Func<Task> Call)>
        {
            ["GetSession"] = ("session_id", () => Sessions.GetSessionAsync(new GetSessionRequest(), cancellationToken: ct).ResponseAsync),
            ["GetResult"] = ("result_id", () => Results.GetResultAsync(new GetResultRequest { SessionId = session }, cancellationToken: ct).ResponseAsync),
            ["WaitForResults"] = ("result_ids[1]", async () =>
            {
                using var call = Results.WaitForResults(new WaitForResultsRequest { SessionId = session, ResultIds = { payload, "" } }, cancellationToken: ct);
                await call.ResponseStream.MoveNext(ct);
            }),
            ["DeleteResultsData"] = ("result_ids[0]", () => Results.DeleteResultsDataAsync(new DeleteResultsDataRequest { SessionId = session, ResultIds = { "" } }, cancellationToken: ct).ResponseAsync),
            ["GetTask"] = ("task_id", () => Tasks.GetTaskAsync(new GetTaskRequest(), cancellationToken: ct).ResponseAsync),
            ["CancelTasks"] = ("task_ids[0]", () => Tasks.CancelTasksAsync(new CancelTasksRequest { TaskIds = { "" } }, cancellationToken: ct).ResponseAsync),
            ["GetPartition"] = ("partition_id", () => new PartitionsService.PartitionsServiceClient(_channel).GetPartitionAsync(new GetPartitionRequest(), cancellationToken: ct).ResponseAsync),
        };
        foreach (var (name, (field, call)) in calls)
        {
            var error = await Assert.ThrowsAsync<RpcException>(call);
            Assert.True(error.StatusCode == StatusCode.InvalidArgument, $"{name}: {error.StatusCode} {error.Status.Detail}");
            Assert.StartsWith($"{field}: ", error.Status.Detail);
        }
    }

    [Fact]
    public async Task Asking_again_for_what_already_holds_succeeds_and_changes_nothing_and_other_illegal_moves_are_refused()
    {
        var ct = Work.Deadline();
        var session = await fixture.Client.CreateSessionAsync(ct: ct);
        var id = session.SessionId;
        var payload = (await session.CreateResultsWithDataAsync([("p", Work.Text("x"))], ct))[0];
        var output = (await session.CreateResultsAsync(["out"], ct))[0];
        var task = (await session.SubmitAsync([Work.Task(payload, [], [output], SampleApplications.Echo)], ct: ct))[0].TaskId;
        await session.WaitAsync([output], ct);

        // A task that has ended: cancelling it again and again leaves it Completed.
        for (var i = 0; i < 2; i++)
            Assert.Equal(TaskStatus.Completed, (await Tasks.CancelTasksAsync(new CancelTasksRequest { TaskIds = { task } }, cancellationToken: ct)).Tasks.Single().Status);

        // Deleted data, deleted again.
        for (var i = 0; i < 2; i++)
            Assert.Equal(new[] { output }, (await Results.DeleteResultsDataAsync(new DeleteResultsDataRequest { SessionId = id, ResultIds = { output } }, cancellationToken: ct)).ResultIds);

        // Each session move twice: the second answers the session as it is.
        Assert.Equal(SessionStatus.Paused, (await Sessions.PauseSessionAsync(new PauseSessionRequest { SessionId = id }, cancellationToken: ct)).Session.Status);
        Assert.Equal(SessionStatus.Paused, (await Sessions.PauseSessionAsync(new PauseSessionRequest { SessionId = id }, cancellationToken: ct)).Session.Status);
        Assert.Equal(SessionStatus.Running, (await Sessions.ResumeSessionAsync(new ResumeSessionRequest { SessionId = id }, cancellationToken: ct)).Session.Status);
        Assert.Equal(SessionStatus.Running, (await Sessions.ResumeSessionAsync(new ResumeSessionRequest { SessionId = id }, cancellationToken: ct)).Session.Status);
        var cancelled = (await Sessions.CancelSessionAsync(new CancelSessionRequest { SessionId = id }, cancellationToken: ct)).Session;
        var again = (await Sessions.CancelSessionAsync(new CancelSessionRequest { SessionId = id }, cancellationToken: ct)).Session;
        Assert.Equal(SessionStatus.Cancelled, again.Status);
        Assert.Equal(cancelled.CancelledAt, again.CancelledAt);
        // Closing an ended session is a stop of what has stopped: answered as it is.
        Assert.Equal(SessionStatus.Cancelled, (await Sessions.CloseSessionAsync(new CloseSessionRequest { SessionId = id }, cancellationToken: ct)).Session.Status);

        // A move the lifecycle does not allow is still refused, naming the state.
        var error = await Assert.ThrowsAsync<RpcException>(() => Sessions.ResumeSessionAsync(new ResumeSessionRequest { SessionId = id }, cancellationToken: ct).ResponseAsync);
        Assert.Equal(StatusCode.FailedPrecondition, error.StatusCode);
        Assert.Equal($"cannot resume session '{id}': it is Cancelled", error.Status.Detail);
    }
}
