using System.Diagnostics;
using Grid.Api.V1;
using Grid.Client;
using Grid.Samples;
using TaskStatus = Grid.Api.V1.TaskStatus;

namespace Grid.Tests;

/// <summary>An agent killed with its task running loses its lease, and the grid runs the task elsewhere.</summary>
[Collection("grid")]
public sealed class LeaseTests
{
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(3);
    private const int TaskMilliseconds = 1500;

    [Fact]
    public async Task A_killed_agents_task_is_completed_by_another_agent_within_lease_time_plus_two_seconds()
    {
        var ct = Work.Deadline(180);
        var settings = LocalCluster.Merge(TestServers.PostgreSqlTables(), TestServers.RabbitMqQueue(), TestServers.RedisObjects(), new()
        {
            ["Grid:Agent:LeaseDuration"] = Lease.ToString(),
            ["Grid:LeaseRecovery:Interval"] = "00:00:00.200",
        });
        await using var cluster = await LocalCluster.StartAsync(controlPlanes: 1, agents: 2, settings, ct);
        try
        {
            await using var client = new GridClient(new GridClientOptions { Address = cluster.ControlPlanes[0].Address });
            var session = await client.CreateSessionAsync(partitionIds: [cluster.Partition], ct: ct);
            await WarmUpAsync(session, ct);
            var payload = (await session.CreateResultsWithDataAsync([("ms", Work.Text(TaskMilliseconds.ToString()))], ct))[0];
            var output = (await session.CreateResultsAsync(["out"], ct))[0];
            var creation = Work.Task(payload, [], [output], SampleApplications.Sleep);
            creation.Options.MaxRetries = 1;
            var task = (await session.SubmitAsync([creation], ct: ct))[0];

            var running = await WaitForAsync(client, task.TaskId, t => t.Status == TaskStatus.Processing, ct);
            var owner = cluster.Agents.Single(a => running.OwnerAgentId.EndsWith(a.Agent.Name, StringComparison.Ordinal));
            await owner.Agent.KillAsync();
            var killedAt = Stopwatch.StartNew();
            await owner.Worker.KillAsync();

            Assert.Equal(ResultStatus.Completed, (await session.WaitAsync([output], ct))[output]);
            var elapsed = killedAt.Elapsed;
            var done = (await client.Tasks.GetTaskAsync(new GetTaskRequest { TaskId = task.TaskId }, cancellationToken: ct)).Task;
            Assert.Equal(TaskStatus.Completed, done.Status);
            Assert.Equal(2, done.Attempt);
            Assert.NotEqual(running.OwnerAgentId, done.OwnerAgentId);
            // Taken back within lease + 2 s; the second attempt then needs its own run time.
            var allowed = Lease + TimeSpan.FromSeconds(2) + TimeSpan.FromMilliseconds(TaskMilliseconds);
            Assert.True(elapsed <= allowed, $"completed {elapsed.TotalSeconds:F1} s after the kill; allowed {allowed.TotalSeconds:F1} s");
            Assert.Equal(TaskMilliseconds.ToString(), Work.Text(await session.DownloadAsync(output, ct)));
        }
        catch (Exception e) when (e is not Xunit.Sdk.XunitException)
        {
            throw new InvalidOperationException($"{e.Message}\n{cluster.Diagnostics()}", e);
        }
    }

    /// <summary>Runs a few hundred empty tasks first, so that the measured retry does not pay for compiling a cold agent's code path.</summary>
    private static async Task WarmUpAsync(GridSession session, CancellationToken ct)
    {
        const int count = 200;
        var payloads = await session.CreateResultsWithDataAsync(Enumerable.Range(0, count).Select(i => ($"warm-{i}", Work.Text("x"))), ct);
        var outputs = await session.CreateResultsAsync(Enumerable.Range(0, count).Select(i => $"warm-out-{i}"), ct);
        await session.SubmitAsync(Enumerable.Range(0, count).Select(i => Work.Task(payloads[i], [], [outputs[i]], SampleApplications.Empty)), ct: ct);
        await session.WaitAsync(outputs, ct);
    }

    private static async Task<TaskInfo> WaitForAsync(GridClient client, string taskId, Func<TaskInfo, bool> condition, CancellationToken ct)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(TimeSpan.FromSeconds(60));
        while (true)
        {
            var task = (await client.Tasks.GetTaskAsync(new GetTaskRequest { TaskId = taskId }, cancellationToken: deadline.Token)).Task;
            if (condition(task)) return task;
            await Task.Delay(20, deadline.Token);
        }
    }
}
