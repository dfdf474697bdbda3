using Grid.Api.V1;
using Grid.Samples;
using Grpc.Core;
using TaskStatus = Grid.Api.V1.TaskStatus;

namespace Grid.Tests;

/// <summary>Every <c>Grid:Limits</c> setting, exceeded, is refused with RESOURCE_EXHAUSTED and a message naming its configuration key and value.</summary>
[Collection("small limits")]
public sealed class LimitTests(SmallLimitsFixture fixture)
{
    private static void AssertRefusedNaming(RpcException error, string limit, int value)
    {
        Assert.Equal(StatusCode.ResourceExhausted, error.StatusCode);
        Assert.Contains($"limit of {value}", error.Status.Detail);
        Assert.Contains($"(Grid:Limits:{limit})", error.Status.Detail);
    }

    [Fact]
    public async Task A_request_larger_than_MaxMessageSize_is_refused_naming_the_limit()
    {
        var ct = Work.Deadline();
        var session = await fixture.Client.CreateSessionAsync(ct: ct);
        var request = new CreateResultsRequest { SessionId = session.SessionId };
        request.Results.Add(new CreateResultsRequest.Types.ResultCreation { Name = "big", Data = Google.Protobuf.ByteString.CopyFrom(new byte[SmallLimitsFixture.MaxMessageSize + 1]) });
        var error = await Assert.ThrowsAsync<RpcException>(() => fixture.Client.Results.CreateResultsAsync(request, cancellationToken: ct).ResponseAsync);
        AssertRefusedNaming(error, "MaxMessageSize", SmallLimitsFixture.MaxMessageSize);
    }

    [Fact]
    public async Task A_batch_of_more_tasks_than_MaxTasksPerBatch_is_refused_naming_the_limit()
    {
        var ct = Work.Deadline();
        var session = await fixture.Client.CreateSessionAsync(ct: ct);
        var payload = (await session.CreateResultsWithDataAsync([("p", Work.Text("x"))], ct))[0];
        var outputs = (await session.CreateResultsAsync(["a", "b", "c"], ct)).Concat(await session.CreateResultsAsync(["d"], ct)).ToList();
        var error = await Assert.ThrowsAsync<RpcException>(() => session.SubmitAsync(outputs.Select(o => Work.Task(payload, [], [o], SampleApplications.Echo)), ct: ct));
        AssertRefusedNaming(error, "MaxTasksPerBatch", SmallLimitsFixture.MaxTasksPerBatch);
        Assert.Equal(0, (await session.CountTasksAsync(ct)).Values.Sum());
    }

    [Fact]
    public async Task More_results_in_one_request_than_MaxResultsPerBatch_are_refused_naming_the_limit()
    {
        var ct = Work.Deadline();
        var session = await fixture.Client.CreateSessionAsync(ct: ct);
        var error = await Assert.ThrowsAsync<RpcException>(() => session.CreateResultsAsync(["a", "b", "c", "d"], ct));
        AssertRefusedNaming(error, "MaxResultsPerBatch", SmallLimitsFixture.MaxResultsPerBatch);
        var inline = await Assert.ThrowsAsync<RpcException>(() => session.CreateResultsWithDataAsync(new[] { "a", "b", "c", "d" }.Select(n => (n, Work.Text(n))), ct));
        AssertRefusedNaming(inline, "MaxResultsPerBatch", SmallLimitsFixture.MaxResultsPerBatch);
    }

    [Fact]
    public async Task A_task_with_more_dependencies_than_MaxDependenciesPerTask_is_refused_naming_the_limit()
    {
        var ct = Work.Deadline();
        var session = await fixture.Client.CreateSessionAsync(ct: ct);
        var payload = (await session.CreateResultsWithDataAsync([("p", Work.Text("x"))], ct))[0];
        var dependencies = await session.CreateResultsAsync(["d1", "d2", "d3"], ct);
        var output = (await session.CreateResultsAsync(["o"], ct))[0];
        var error = await Assert.ThrowsAsync<RpcException>(() => session.SubmitAsync([Work.Task(payload, dependencies, [output], SampleApplications.Echo)], ct: ct));
        AssertRefusedNaming(error, "MaxDependenciesPerTask", SmallLimitsFixture.MaxDependenciesPerTask);
        Assert.StartsWith("tasks[0].data_dependencies: ", error.Status.Detail);
    }

    [Fact]
    public async Task An_upload_chunk_larger_than_MaxChunkSize_is_refused_naming_the_limit()
    {
        var ct = Work.Deadline();
        var session = await fixture.Client.CreateSessionAsync(ct: ct);
        var resultId = (await session.CreateResultsAsync(["upload"], ct))[0];
        using var call = fixture.Client.Results.UploadResultData(cancellationToken: ct);
        await call.RequestStream.WriteAsync(new UploadResultDataRequest { Id = new UploadResultDataRequest.Types.ResultIdentifier { SessionId = session.SessionId, ResultId = resultId } }, ct);
        await call.RequestStream.WriteAsync(new UploadResultDataRequest { DataChunk = Google.Protobuf.ByteString.CopyFrom(new byte[SmallLimitsFixture.MaxChunkSize + 1]) }, ct);
        await call.RequestStream.CompleteAsync();
        var error = await Assert.ThrowsAsync<RpcException>(() => call.ResponseAsync);
        AssertRefusedNaming(error, "MaxChunkSize", SmallLimitsFixture.MaxChunkSize);
    }

    [Fact]
    public async Task Inline_data_larger_than_MaxInlineDataSize_is_refused_naming_the_limit()
    {
        var ct = Work.Deadline();
        var session = await fixture.Client.CreateSessionAsync(ct: ct);
        var error = await Assert.ThrowsAsync<RpcException>(() => session.CreateResultsWithDataAsync([("big", new byte[SmallLimitsFixture.MaxInlineDataSize + 1])], ct));
        AssertRefusedNaming(error, "MaxInlineDataSize", SmallLimitsFixture.MaxInlineDataSize);
        Assert.StartsWith("results[0].data: ", error.Status.Detail);
    }

    [Fact]
    public async Task Subtasking_within_MaxSubtaskDepth_succeeds_and_records_each_depth()
    {
        // fib(4) nests subtasks down to depth 3: fib(4) at 0, fib(3) at 1, fib(2) at 2, fib(1) and fib(0) at 3.
        var ct = Work.Deadline();
        var session = await fixture.Client.CreateSessionAsync(ct: ct);
        var payload = (await session.CreateResultsWithDataAsync([("n", Work.Text("4"))], ct))[0];
        var output = (await session.CreateResultsAsync(["fib(4)"], ct))[0];
        await session.SubmitAsync([Work.Task(payload, [], [output], SampleApplications.Fibonacci)], ct: ct);

        Assert.Equal(ResultStatus.Completed, (await session.WaitAsync([output], ct))[output]);
        Assert.Equal("3", Work.Text(await session.DownloadAsync(output, ct)));
        var tasks = await fixture.Client.Tasks.ListTasksAsync(new ListTasksRequest { Filter = new TaskFilter { SessionId = session.SessionId }, Page = new PageRequest { PageSize = 100 } }, cancellationToken: ct);
        Assert.Equal(SmallLimitsFixture.MaxSubtaskDepth, tasks.Tasks.Max(t => t.Depth));
        Assert.All(tasks.Tasks, t => Assert.Equal(t.ParentTaskId.Length == 0 ? 0 : tasks.Tasks.Single(p => p.TaskId == t.ParentTaskId).Depth + 1, t.Depth));
    }

    [Fact]
    public async Task Subtasking_beyond_MaxSubtaskDepth_fails_the_task_naming_the_limit()
    {
        // fib(5) would nest subtasks down to depth 4: the fib(2) tasks at depth 3 are refused theirs.
        var ct = Work.Deadline();
        var session = await fixture.Client.CreateSessionAsync(ct: ct);
        var payload = (await session.CreateResultsWithDataAsync([("n", Work.Text("5"))], ct))[0];
        var output = (await session.CreateResultsAsync(["fib(5)"], ct))[0];
        await session.SubmitAsync([Work.Task(payload, [], [output], SampleApplications.Fibonacci)], ct: ct);

        Assert.Equal(ResultStatus.Aborted, (await session.WaitAsync([output], ct))[output]);
        var failed = await fixture.Client.Tasks.ListTasksAsync(new ListTasksRequest
        {
            Filter = new TaskFilter { SessionId = session.SessionId, Statuses = { TaskStatus.Error } }, Page = new PageRequest { PageSize = 100 },
        }, cancellationToken: ct);
        var refused = failed.Tasks.Where(t => t.Output.Error.Contains("(Grid:Limits:MaxSubtaskDepth)")).ToList();
        Assert.NotEmpty(refused);
        Assert.All(refused, t =>
        {
            Assert.Equal(SmallLimitsFixture.MaxSubtaskDepth, t.Depth);
            Assert.Contains("ResourceExhausted", t.Output.Error);
            Assert.Contains($"would be at depth {SmallLimitsFixture.MaxSubtaskDepth + 1}, beyond the limit of {SmallLimitsFixture.MaxSubtaskDepth}", t.Output.Error);
        });
    }
}
