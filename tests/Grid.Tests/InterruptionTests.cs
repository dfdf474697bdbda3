using System.Collections.Concurrent;
using Grid.Api.V1;
using Grid.Client;
using Grid.Core.Model;
using Grid.Hosting;
using Grid.Samples;
using TaskStatus = Grid.Api.V1.TaskStatus;

namespace Grid.Tests;

/// <summary>Cancellation reaches a running worker, and a stopping agent drains or hands its tasks back.</summary>
[Collection("grid")]
public sealed class InterruptionTests(GridFixture fixture) : IDisposable
{
    private readonly ConcurrentDictionary<string, DateTime> _interrupted = new();

    private void OnInterrupted(string taskId) => _interrupted[taskId] = DateTime.UtcNow;

    [Theory]
    [InlineData("task")]
    [InlineData("session")]
    public async Task Cancelling_a_running_task_or_its_session_stops_its_worker_within_a_second(string what)
    {
        SampleApplications.SleepInterrupted += OnInterrupted;
        var ct = Work.Deadline();
        var session = await fixture.Client.CreateSessionAsync(ct: ct);
        var (taskId, output) = await SubmitSleepAsync(session, 60_000, ct);
        await WaitForStatusAsync(fixture.Client, taskId, TaskStatus.Processing, ct);

        var cancelledAt = DateTime.UtcNow;
        if (what == "task")
            await fixture.Client.Tasks.CancelTasksAsync(new CancelTasksRequest { TaskIds = { taskId } }, cancellationToken: ct);
        else
            await session.CancelAsync(ct);

        await WaitUntilAsync(() => _interrupted.ContainsKey(taskId), TimeSpan.FromSeconds(5));
        var delay = _interrupted[taskId] - cancelledAt;
        Assert.True(delay < TimeSpan.FromSeconds(1), $"the worker was stopped {delay.TotalMilliseconds:N0} ms after the cancellation");
        Assert.Equal(ResultStatus.Aborted, (await session.WaitAsync([output], ct))[output]);
        Assert.Equal(TaskStatus.Cancelled, (await fixture.Client.Tasks.GetTaskAsync(new GetTaskRequest { TaskId = taskId }, cancellationToken: ct)).Task.Status);
    }

    [Fact]
    public async Task A_stopping_agent_lets_a_running_task_finish_within_its_grace_period()
    {
        var ct = Work.Deadline();
        var grid = await EmbeddedGrid.StartAsync(new EmbeddedGridOptions { Port = 0, Quiet = true }, ct);
        await using var client = new GridClient(new GridClientOptions { Address = grid.Address });
        var session = await client.CreateSessionAsync(ct: ct);
        var (taskId, output) = await SubmitSleepAsync(session, 700, ct);
        await WaitForStatusAsync(client, taskId, TaskStatus.Processing, ct);

        var storage = grid.Storage;
        await grid.DisposeAsync(); // SIGTERM: stop taking work, drain
        var task = await storage.Tasks.GetAsync(taskId, ct);
        Assert.Equal(TaskState.Completed, task!.Status);
        Assert.Equal(1, task.Attempt);
        Assert.Equal(ResultState.Completed, (await storage.Results.GetManyAsync([output], ct))[0].Status);
    }

    [Fact]
    public async Task A_task_still_running_after_the_grace_period_is_handed_back_without_spending_an_attempt()
    {
        SampleApplications.SleepInterrupted += OnInterrupted;
        var ct = Work.Deadline();
        var options = new EmbeddedGridOptions { Port = 0, Quiet = true };
        options.Settings["Grid:Agent:ShutdownGracePeriod"] = "00:00:00.300";
        var grid = await EmbeddedGrid.StartAsync(options, ct);
        await using var client = new GridClient(new GridClientOptions { Address = grid.Address });
        var session = await client.CreateSessionAsync(ct: ct);
        var (taskId, _) = await SubmitSleepAsync(session, 60_000, ct);
        await WaitForStatusAsync(client, taskId, TaskStatus.Processing, ct);

        var storage = grid.Storage;
        await grid.DisposeAsync();
        var task = await storage.Tasks.GetAsync(taskId, ct);
        Assert.Equal(TaskState.Submitted, task!.Status);
        Assert.Equal(1, task.Attempt);
        Assert.Null(task.OwnerAgentId);
        Assert.True(_interrupted.ContainsKey(taskId), "the worker call was not stopped");
    }

    private static async Task<(string TaskId, string Output)> SubmitSleepAsync(GridSession session, int milliseconds, CancellationToken ct)
    {
        var payload = (await session.CreateResultsWithDataAsync([("ms", Work.Text(milliseconds.ToString()))], ct))[0];
        var output = (await session.CreateResultsAsync(["out"], ct))[0];
        var task = (await session.SubmitAsync([Work.Task(payload, [], [output], SampleApplications.Sleep)], ct: ct))[0];
        return (task.TaskId, output);
    }

    private static Task WaitForStatusAsync(GridClient client, string taskId, TaskStatus status, CancellationToken ct) =>
        WaitUntilAsync(async () => (await client.Tasks.GetTaskAsync(new GetTaskRequest { TaskId = taskId }, cancellationToken: ct)).Task.Status == status, TimeSpan.FromSeconds(30));

    private static Task WaitUntilAsync(Func<bool> condition, TimeSpan timeout) => WaitUntilAsync(() => Task.FromResult(condition()), timeout);

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        while (!await condition())
        {
            if (deadline.IsCancellationRequested) throw new TimeoutException($"the condition did not hold within {timeout}");
            await Task.Delay(10);
        }
    }

    public void Dispose() => SampleApplications.SleepInterrupted -= OnInterrupted;
}
