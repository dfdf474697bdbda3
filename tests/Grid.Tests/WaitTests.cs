using Grid.Api.V1;
using Grid.Samples;
using Grpc.Core;
using TaskStatus = Grid.Api.V1.TaskStatus;

namespace Grid.Tests;

[Collection("grid")]
public sealed class WaitTests(GridFixture fixture)
{
    [Fact]
    public async Task The_wait_stream_reports_a_result_as_soon_as_it_completes_and_then_ends()
    {
        var ct = Work.Deadline();
        var session = await fixture.Client.CreateSessionAsync(ct: ct);
        var input = (await session.CreateResultsAsync(["gate"], ct))[0];
        var empty = (await session.CreateResultsWithDataAsync([("payload", Work.Text("7"))], ct))[0];
        var output = (await session.CreateResultsAsync(["out"], ct))[0];
        var submitted = await session.SubmitAsync([Work.Task(empty, [input], [output], SampleApplications.Echo)], ct: ct);

        var request = new WaitForResultsRequest { SessionId = session.SessionId };
        request.ResultIds.Add(output);
        using var call = fixture.Client.Results.WaitForResults(request, cancellationToken: ct);
        var first = call.ResponseStream.MoveNext(ct);

        // The task cannot run before its input exists, so the wait has nothing to say yet.
        var task = await fixture.Client.Tasks.GetTaskAsync(new GetTaskRequest { TaskId = submitted[0].TaskId }, cancellationToken: ct);
        Assert.Equal(TaskStatus.Pending, task.Task.Status);
        Assert.False(first.IsCompleted);

        await session.UploadAsync(input, new MemoryStream([1, 2, 3]), ct);
        Assert.True(await first.WaitAsync(TimeSpan.FromSeconds(10), ct));
        var change = Assert.Single(call.ResponseStream.Current.Results);
        Assert.Equal((output, ResultStatus.Completed), (change.ResultId, change.Status));
        Assert.False(await call.ResponseStream.MoveNext(ct)); // every requested result is final: the stream ends
        Assert.Equal("7", Work.Text(await session.DownloadAsync(output, ct)));
    }

    [Fact]
    public async Task A_wait_with_a_deadline_ends_with_deadline_exceeded_when_the_result_never_comes()
    {
        var ct = Work.Deadline();
        var session = await fixture.Client.CreateSessionAsync(ct: ct);
        var never = (await session.CreateResultsAsync(["never"], ct))[0];
        var request = new WaitForResultsRequest { SessionId = session.SessionId };
        request.ResultIds.Add(never);
        using var call = fixture.Client.Results.WaitForResults(request, deadline: DateTime.UtcNow.AddMilliseconds(300), cancellationToken: ct);
        var error = await Assert.ThrowsAsync<RpcException>(() => call.ResponseStream.MoveNext(ct));
        Assert.Equal(StatusCode.DeadlineExceeded, error.StatusCode);
    }

    [Fact]
    public async Task A_failed_task_aborts_its_output_and_the_results_that_depend_on_it()
    {
        var ct = Work.Deadline();
        var session = await fixture.Client.CreateSessionAsync(ct: ct);
        var payload = (await session.CreateResultsWithDataAsync([("p", Work.Text("x"))], ct))[0];
        var outputs = await session.CreateResultsAsync(["failed", "downstream"], ct);
        await session.SubmitAsync(
        [
            Work.Task(payload, [], [outputs[0]], SampleApplications.Fail),
            Work.Task(payload, [outputs[0]], [outputs[1]], SampleApplications.Echo),
        ], ct: ct);

        var statuses = await session.WaitAsync(outputs, ct);
        Assert.Equal(ResultStatus.Aborted, statuses[outputs[0]]);
        Assert.Equal(ResultStatus.Aborted, statuses[outputs[1]]);
        var counts = await session.CountTasksAsync(ct);
        Assert.Equal(2, counts[TaskStatus.Error]);
    }

    [Fact]
    public async Task A_worker_that_throws_is_retried_and_the_attempt_number_is_visible()
    {
        var ct = Work.Deadline();
        var session = await fixture.Client.CreateSessionAsync(ct: ct);
        var payload = (await session.CreateResultsWithDataAsync([("p", Work.Text("again"))], ct))[0];
        var output = (await session.CreateResultsAsync(["out"], ct))[0];
        var task = (await session.SubmitAsync([Work.Task(payload, [], [output], SampleApplications.Flaky)], ct: ct))[0];

        Assert.Equal(ResultStatus.Completed, (await session.WaitAsync([output], ct))[output]);
        Assert.Equal("again", Work.Text(await session.DownloadAsync(output, ct)));
        var info = await fixture.Client.Tasks.GetTaskAsync(new GetTaskRequest { TaskId = task.TaskId }, cancellationToken: ct);
        Assert.Equal(2, info.Task.Attempt);
        Assert.Equal(TaskStatus.Completed, info.Task.Status);
    }

    [Fact]
    public async Task A_task_longer_than_its_max_duration_times_out()
    {
        var ct = Work.Deadline();
        var session = await fixture.Client.CreateSessionAsync(ct: ct);
        var payload = (await session.CreateResultsWithDataAsync([("ms", Work.Text("60000"))], ct))[0];
        var output = (await session.CreateResultsAsync(["out"], ct))[0];
        var creation = Work.Task(payload, [], [output], SampleApplications.Sleep);
        creation.Options.MaxDuration = Google.Protobuf.WellKnownTypes.Duration.FromTimeSpan(TimeSpan.FromMilliseconds(300));
        creation.Options.MaxRetries = 0;
        var task = (await session.SubmitAsync([creation], ct: ct))[0];

        Assert.Equal(ResultStatus.Aborted, (await session.WaitAsync([output], ct))[output]);
        var info = await fixture.Client.Tasks.GetTaskAsync(new GetTaskRequest { TaskId = task.TaskId }, cancellationToken: ct);
        Assert.Equal(TaskStatus.Timeout, info.Task.Status);
    }
}
