using Grid.Api.V1;
using Grid.Samples;
using Grpc.Core;
using TaskStatus = Grid.Api.V1.TaskStatus;

namespace Grid.Tests;

/// <summary>Refused requests get the right status, a message naming the field, and leave what was accepted intact.</summary>
[Collection("grid")]
public sealed class BadInputTests(GridFixture fixture)
{
    private ResultsService.ResultsServiceClient Results => fixture.Client.Results;
    private TasksService.TasksServiceClient Tasks => fixture.Client.Tasks;

    [Fact]
    public async Task Submitting_to_an_unknown_session_is_not_found()
    {
        var request = new SubmitTasksRequest { SessionId = "no-such-session" };
        request.Tasks.Add(new TaskCreation { PayloadId = "p" });
        var error = await Assert.ThrowsAsync<RpcException>(() => Tasks.SubmitTasksAsync(request).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, error.StatusCode);
        Assert.Contains("session 'no-such-session' does not exist", error.Status.Detail);
    }

    [Fact]
    public async Task A_dependency_on_a_result_of_another_session_is_refused()
    {
        var ct = Work.Deadline();
        var other = await fixture.Client.CreateSessionAsync(ct: ct);
        var foreign = (await other.CreateResultsWithDataAsync([("x", Work.Text("1"))], ct))[0];
        var (session, payload, output) = await NewSessionAsync(ct);

        var error = await RefusedAsync(session, Work.Task(payload, [foreign], [output], SampleApplications.Echo));
        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.StartsWith("tasks[0].data_dependencies[0]: ", error.Status.Detail);
        Assert.Contains("another session", error.Status.Detail);
    }

    [Fact]
    public async Task A_dependency_that_does_not_exist_is_refused()
    {
        var ct = Work.Deadline();
        var (session, payload, output) = await NewSessionAsync(ct);
        var error = await RefusedAsync(session, Work.Task(payload, ["r-9"], [output], SampleApplications.Echo));
        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Equal($"tasks[0].data_dependencies[0]: result 'r-9' does not exist in session '{session.SessionId}'", error.Status.Detail);
    }

    [Fact]
    public async Task A_task_that_depends_on_its_own_output_is_refused()
    {
        var ct = Work.Deadline();
        var (session, payload, output) = await NewSessionAsync(ct);
        var error = await RefusedAsync(session, Work.Task(payload, [output], [output], SampleApplications.Echo));
        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.StartsWith("tasks[0].data_dependencies[0]: the task depends on its own expected output", error.Status.Detail);
    }

    [Fact]
    public async Task Duplicate_result_names_in_one_request_are_refused_and_nothing_is_created()
    {
        var ct = Work.Deadline();
        var session = await fixture.Client.CreateSessionAsync(ct: ct);
        var request = new CreateResultsMetadataRequest { SessionId = session.SessionId };
        request.Results.Add(new[] { "a", "b", "a" }.Select(n => new CreateResultsMetadataRequest.Types.ResultCreation { Name = n }));
        var error = await Assert.ThrowsAsync<RpcException>(() => Results.CreateResultsMetadataAsync(request, cancellationToken: ct).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Equal("results[2].name: duplicate name 'a' (also results[0].name)", error.Status.Detail);

        var listed = await Results.ListResultsAsync(new ListResultsRequest { Filter = new ResultFilter { SessionId = session.SessionId } }, cancellationToken: ct);
        Assert.Equal(0, listed.Page.Total);
    }

    [Theory]
    [InlineData("close")]
    [InlineData("cancel")]
    public async Task Submitting_to_a_closed_or_cancelled_session_is_a_failed_precondition(string how)
    {
        var ct = Work.Deadline();
        var (session, payload, output) = await NewSessionAsync(ct);
        if (how == "close") await session.CloseAsync(ct); else await session.CancelAsync(ct);
        var error = await RefusedAsync(session, Work.Task(payload, [], [output], SampleApplications.Echo));
        Assert.Equal(StatusCode.FailedPrecondition, error.StatusCode);
        Assert.Equal($"session '{session.SessionId}' is {(how == "close" ? "Closed" : "Cancelled")}: it accepts no new task", error.Status.Detail);
    }

    [Fact]
    public async Task An_upload_that_ends_before_its_announced_size_stores_nothing()
    {
        var ct = Work.Deadline();
        var session = await fixture.Client.CreateSessionAsync(ct: ct);
        var resultId = (await session.CreateResultsAsync(["short"], ct))[0];

        using (var call = Results.UploadResultData(cancellationToken: ct))
        {
            await call.RequestStream.WriteAsync(new UploadResultDataRequest { Id = new UploadResultDataRequest.Types.ResultIdentifier { SessionId = session.SessionId, ResultId = resultId, ExpectedSize = 1000 } }, ct);
            await call.RequestStream.WriteAsync(new UploadResultDataRequest { DataChunk = Google.Protobuf.ByteString.CopyFrom(new byte[400]) }, ct);
            await call.RequestStream.CompleteAsync();
            var error = await Assert.ThrowsAsync<RpcException>(() => call.ResponseAsync);
            Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
            Assert.Equal($"data_chunk: upload of result '{resultId}' ended after 400 of 1000 bytes: nothing was stored", error.Status.Detail);
        }
        var result = await Results.GetResultAsync(new GetResultRequest { SessionId = session.SessionId, ResultId = resultId }, cancellationToken: ct);
        Assert.Equal(ResultStatus.Created, result.Result.Status);

        // The result is still writable in full.
        await session.UploadAsync(resultId, new MemoryStream(new byte[1000]), ct);
        Assert.Equal(1000, (await session.DownloadAsync(resultId, ct)).Length);
    }

    [Fact]
    public async Task Downloading_a_result_with_no_data_yet_or_from_another_session_is_refused_and_sends_nothing()
    {
        var ct = Work.Deadline();
        var (session, payload, output) = await NewSessionAsync(ct);
        var other = await fixture.Client.CreateSessionAsync(ct: ct);

        var notYet = await Assert.ThrowsAsync<RpcException>(() => session.DownloadAsync(output, ct));
        Assert.Equal(StatusCode.FailedPrecondition, notYet.StatusCode);
        Assert.Equal($"result '{output}' is Created: it has no data to download", notYet.Status.Detail);

        // The payload has data; asked for through another session, none of it is sent.
        var received = new MemoryStream();
        var foreign = await Assert.ThrowsAsync<RpcException>(() => other.DownloadAsync(payload, received, ct));
        Assert.Equal(StatusCode.NotFound, foreign.StatusCode);
        Assert.Equal($"result '{payload}' does not exist in session '{other.SessionId}'", foreign.Status.Detail);
        Assert.Equal(0, received.Length);
    }

    [Fact]
    public async Task An_upload_stream_that_never_names_its_result_is_refused()
    {
        using var call = Results.UploadResultData(cancellationToken: Work.Deadline());
        await call.RequestStream.CompleteAsync();
        var error = await Assert.ThrowsAsync<RpcException>(() => call.ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Equal("id: the upload stream ended before naming a result", error.Status.Detail);
    }

    [Fact]
    public async Task A_refused_batch_leaves_no_task_and_loses_nothing_already_submitted()
    {
        var ct = Work.Deadline();
        var session = await fixture.Client.CreateSessionAsync(ct: ct);
        var payload = (await session.CreateResultsWithDataAsync([("p", Work.Text("kept"))], ct))[0];
        var outputs = await session.CreateResultsAsync(Enumerable.Range(0, 6).Select(i => $"out-{i}"), ct);
        await session.PauseAsync(ct); // hold the accepted tasks until the refused batch is over
        await session.SubmitAsync(outputs.Take(3).Select(o => Work.Task(payload, [], [o], SampleApplications.Echo)), ct: ct);

        var bad = outputs.Skip(3).Select(o => Work.Task(payload, [], [o], SampleApplications.Echo)).ToList();
        bad[2].DataDependencies.Add("missing");
        var error = await Assert.ThrowsAsync<RpcException>(() => session.SubmitAsync(bad, ct: ct));
        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.StartsWith("tasks[2].data_dependencies[0]: ", error.Status.Detail);

        var counts = await session.CountTasksAsync(ct);
        Assert.Equal(3, counts.Values.Sum());
        await session.ResumeAsync(ct);
        var statuses = await session.WaitAsync(outputs.Take(3), ct);
        Assert.All(statuses.Values, s => Assert.Equal(ResultStatus.Completed, s));
        // The outputs of the refused batch are still free for a later, correct submission.
        await session.SubmitAsync(outputs.Skip(3).Select(o => Work.Task(payload, [], [o], SampleApplications.Echo)), ct: ct);
        Assert.All((await session.WaitAsync(outputs, ct)).Values, s => Assert.Equal(ResultStatus.Completed, s));
        Assert.Equal(6, (await session.CountTasksAsync(ct))[TaskStatus.Completed]);
    }

    [Fact]
    public async Task An_output_already_owned_by_another_task_is_refused()
    {
        var ct = Work.Deadline();
        var (session, payload, output) = await NewSessionAsync(ct);
        await session.PauseAsync(ct);
        await session.SubmitAsync([Work.Task(payload, [], [output], SampleApplications.Echo)], ct: ct);
        var error = await RefusedAsync(session, Work.Task(payload, [], [output], SampleApplications.Echo));
        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.StartsWith($"tasks[0].expected_output_ids[0]: result '{output}' is already an expected output of task", error.Status.Detail);
    }

    private async Task<(Client.GridSession Session, string Payload, string Output)> NewSessionAsync(CancellationToken ct)
    {
        var session = await fixture.Client.CreateSessionAsync(ct: ct);
        var payload = (await session.CreateResultsWithDataAsync([("p", Work.Text("1"))], ct))[0];
        var output = (await session.CreateResultsAsync(["out"], ct))[0];
        return (session, payload, output);
    }

    private static Task<RpcException> RefusedAsync(Client.GridSession session, TaskCreation task) =>
        Assert.ThrowsAsync<RpcException>(() => session.SubmitAsync([task], ct: Work.Deadline()));
}
