using System.Text;
using Grid.Api.V1;
using Grid.Client;
using Grid.Samples;
using Grid.Testing;
using TaskStatus = Grid.Api.V1.TaskStatus;

namespace Grid.Deployment.Tests;

/// <summary>
/// The chart's configuration is what the programs accept: the control plane's and one pool's pods, rendered by helm,
/// run as local processes (<see cref="RenderedPod"/>) on the test servers (PostgreSQL, RabbitMQ, Redis), from the
/// publish output of the Dockerfile's targets.
/// </summary>
[Collection(PublishedDeployablesCollection.Name)]
public sealed class ChartOnLocalProcessesTests(PublishedDeployables images) : IDisposable
{
    private readonly TemporaryFolder _folder = new();
    private readonly string _partition = $"chart-{Guid.NewGuid():N}"[..20];
    private readonly int _controlPlanePort = LoopbackPort.Free();

    private IReadOnlyDictionary<(string Secret, string Key), string> Secrets { get; } = new Dictionary<(string, string), string>
    {
        [("grid-storage", "postgresql-connection-string")] = TestServers.Require("GRID_TEST_POSTGRES"),
        [("grid-storage", "rabbitmq-uri")] = TestServers.Require("GRID_TEST_RABBITMQ"),
        [("grid-storage", "redis-configuration")] = TestServers.Require("GRID_TEST_REDIS"),
    };

    [Fact]
    public async Task A_session_of_1000_tasks_completes_through_the_control_plane_and_pool_the_chart_declares()
    {
        var ct = Deadline(300);
        var chart = await RenderAsync(shutdownGraceSeconds: 10);
        await using var controlPlane = await StartAsync(chart, "grid-control-plane", "grid-control-plane-0", ct);
        await using var pool = await StartAsync(chart, "grid-pool-local", "grid-pool-local-0", ct);
        try
        {
            await using var client = new GridClient(new GridClientOptions { Address = $"http://127.0.0.1:{_controlPlanePort}" });
            var session = await client.CreateSessionAsync(partitionIds: [_partition], ct: ct);
            var payloads = await session.CreateResultsWithDataAsync(Enumerable.Range(0, 1000).Select(i => ($"in-{i}", (ReadOnlyMemory<byte>)Encoding.UTF8.GetBytes($"task {i}"))), ct);
            var outputs = await session.CreateResultsAsync(Enumerable.Range(0, 1000).Select(i => $"out-{i}"), ct);
            await session.SubmitAsync(payloads.Zip(outputs, (payload, output) => SampleApplications.Task(payload, [], [output], SampleApplications.Echo)), ct: ct);

            var statuses = await session.WaitAsync(outputs, ct);
            Assert.All(outputs, output => Assert.Equal(ResultStatus.Completed, statuses[output]));
            foreach (var i in new[] { 0, 499, 999 })
                Assert.Equal($"task {i}", Encoding.UTF8.GetString(await session.DownloadAsync(outputs[i], ct)));

            // The probes the chart declares answer on the running pods, as the kubelet would ask them.
            var probes = controlPlane.GrpcProbes().Concat(pool.GrpcProbes()).ToList();
            Assert.Contains(probes, p => p.Container == "control-plane" && p.Probe == "readinessProbe");
            Assert.Contains(probes, p => p.Container == "agent" && p.Probe == "livenessProbe");
            Assert.Contains(probes, p => p.Container == "worker" && p.Probe == "livenessProbe");
            foreach (var probe in probes)
                Assert.True(await ContainerProcess.IsServingAsync(probe.Port, probe.Service, ct), $"{probe.Container}'s {probe.Probe} on port {probe.Port} does not answer SERVING");
        }
        catch (Exception e) when (e is not Xunit.Sdk.XunitException)
        {
            throw new InvalidOperationException($"{e.Message}\n{controlPlane.Output}\n{pool.Output}", e);
        }
    }

    [Fact]
    public async Task A_pool_pod_stopped_while_its_tasks_run_finishes_them_hands_back_the_rest_and_runs_none_twice()
    {
        var ct = Deadline(300);
        const int tasks = 40, concurrency = 8;
        var chart = await RenderAsync(shutdownGraceSeconds: 10, concurrency: concurrency);
        await using var controlPlane = await StartAsync(chart, "grid-control-plane", "grid-control-plane-0", ct);
        var stopped = await StartAsync(chart, "grid-pool-local", "grid-pool-local-0", ct);
        await using var _ = stopped;
        try
        {
            await using var client = new GridClient(new GridClientOptions { Address = $"http://127.0.0.1:{_controlPlanePort}" });
            var session = await client.CreateSessionAsync(partitionIds: [_partition], ct: ct);
            // Each task sleeps 2 s: well inside the agent's 10 s grace, far longer than it takes to send the signal.
            var payloads = await session.CreateResultsWithDataAsync(Enumerable.Range(0, tasks).Select(i => ($"in-{i}", (ReadOnlyMemory<byte>)Encoding.UTF8.GetBytes("2000"))), ct);
            var outputs = await session.CreateResultsAsync(Enumerable.Range(0, tasks).Select(i => $"out-{i}"), ct);
            await session.SubmitAsync(payloads.Zip(outputs, (payload, output) => SampleApplications.Task(payload, [], [output], SampleApplications.Sleep)), ct: ct);
            await WaitUntilAsync(async () => (await session.CountTasksAsync(ct)).GetValueOrDefault(TaskStatus.Processing) == concurrency, "every slot of the pod busy", ct);

            // Scaled down: SIGTERM to the agent and the worker at once, SIGKILL after the pod's grace period.
            var running = await TasksAsync(client, session.SessionId, TaskStatus.Processing, ct);
            Assert.True(await stopped.TerminateAsync(), $"the pod did not end within its termination grace period ({stopped.TerminationGracePeriod}):\n{stopped.Output}");

            // The tasks it was running finished there, on their first attempt (no other pod runs yet); the rest wait
            // in the queue for the next pod.
            foreach (var task in running)
            {
                var info = (await client.Tasks.GetTaskAsync(new GetTaskRequest { TaskId = task.TaskId }, cancellationToken: ct)).Task;
                Assert.True(info.Status == TaskStatus.Completed && info.Attempt == 1,
                    $"task {info.TaskId}, running when its pod was stopped, is not completed by {stopped.Name} on its first attempt: {info}:\n{stopped.Output}");
            }

            await using var next = await StartAsync(chart, "grid-pool-local", "grid-pool-local-1", ct);
            var statuses = await session.WaitAsync(outputs, ct);
            Assert.All(outputs, output => Assert.Equal(ResultStatus.Completed, statuses[output]));

            // Nothing ran twice: every task was taken exactly once, on its first attempt. A task is taken before it
            // completes, so once every task's completion is read, every taking of it has been read too.
            var taken = new Dictionary<string, int>();
            var completed = new HashSet<string>();
            await foreach (var e in session.WatchEventsAsync(0, ct))
            {
                if (e.TaskStatusChanged is not { } change) continue;
                if (change.Status == TaskStatus.Processing)
                {
                    taken[change.TaskId] = taken.GetValueOrDefault(change.TaskId) + 1;
                    Assert.Equal(1, change.Attempt);
                }
                if (change.Status == TaskStatus.Completed && completed.Add(change.TaskId) && completed.Count == tasks) break;
            }
            Assert.Equal(tasks, taken.Count);
            Assert.All(taken, pair => Assert.True(pair.Value == 1, $"task {pair.Key} was taken {pair.Value} times"));
        }
        catch (Exception e) when (e is not Xunit.Sdk.XunitException)
        {
            throw new InvalidOperationException($"{e.Message}\n{controlPlane.Output}\n{stopped.Output}", e);
        }
    }

    public void Dispose() => _folder.Dispose();

    private async Task<Manifests> RenderAsync(int shutdownGraceSeconds, int concurrency = 16)
    {
        var values = Path.Combine(_folder.Path, "values.yaml");
        await File.WriteAllTextAsync(values, $"""
            controlPlane:
              replicas: 1
              port: {_controlPlanePort}
            poolDefaults:
              shutdownGracePeriodSeconds: {shutdownGraceSeconds}
              agent:
                port: {LoopbackPort.Free()}
                concurrency: {concurrency}
              worker:
                port: {LoopbackPort.Free()}
            pools:
              - name: local
                partition: {_partition}
            workflowManager:
              enabled: false
            """);
        return await Helm.RenderAsync([values]);
    }

    private async Task<RenderedPod> StartAsync(Manifests chart, string deployment, string podName, CancellationToken ct) =>
        await RenderedPod.StartAsync(chart.Single("Deployment", deployment), podName, images, Secrets, Path.Combine(_folder.Path, podName), ct);

    private static async Task<List<TaskInfo>> TasksAsync(GridClient client, string sessionId, TaskStatus status, CancellationToken ct)
    {
        var request = new ListTasksRequest { Filter = new TaskFilter { SessionId = sessionId }, Page = new PageRequest { PageSize = 1000 } };
        request.Filter.Statuses.Add(status);
        return (await client.Tasks.ListTasksAsync(request, cancellationToken: ct)).Tasks.ToList();
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, string what, CancellationToken ct)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(TimeSpan.FromSeconds(60));
        try
        {
            while (!await condition()) await Task.Delay(50, deadline.Token);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new TimeoutException($"waited 60 s for {what}");
        }
    }

    private static CancellationToken Deadline(int seconds) => new CancellationTokenSource(TimeSpan.FromSeconds(seconds)).Token;
}
