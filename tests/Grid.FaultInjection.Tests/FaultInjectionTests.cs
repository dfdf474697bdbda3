using System.Diagnostics;
using System.Text;
using Grid.Api.V1;
using Grid.Client;
using Grpc.Core;
using Xunit.Abstractions;
using TaskStatus = Grid.Api.V1.TaskStatus;

namespace Grid.FaultInjection.Tests;

/// <summary>
/// Two control-plane replicas and two agents (each beside its sample worker) as OS processes on PostgreSQL,
/// RabbitMQ and Redis, behind a TCP front the client connects through. While a 10,000-task session runs,
/// one fault after another hits it, each while work is in flight: a worker, an agent and a control-plane
/// replica killed with SIGKILL, PostgreSQL, RabbitMQ and Redis restarted, the client's connections cut.
/// After each, the test waits until tasks complete again. At the end every task must be Completed exactly
/// once, and every result the session expects Completed with the value computed by the test.
/// </summary>
public sealed class FaultInjectionTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(4);
    /// <summary>Completions seen before a fault is injected (the wave is running) and after it (the grid recovered).</summary>
    private const int InFlightCompletions = 150, RecoveryCompletions = 100;

    [Fact]
    public async Task Ten_thousand_tasks_survive_killed_processes_restarted_servers_and_a_dropped_client()
    {
        var ct = new CancellationTokenSource(TimeSpan.FromMinutes(8)).Token;
        var log = new FaultLog(output);
        // Servers of its own: restarting the shared ones would cut the other test projects running beside this one.
        await using var servers = await DedicatedTestServers.StartAsync(["postgres", "redis", "rabbitmq"], ct);
        log.Write("servers of its own up: PostgreSQL, RabbitMQ, Redis");
        var settings = LocalCluster.Merge(
            TestServers.PostgreSqlTables(servers["GRID_TEST_POSTGRES"]), TestServers.RabbitMqQueue(servers["GRID_TEST_RABBITMQ"]),
            TestServers.RedisObjects(servers["GRID_TEST_REDIS"]), new()
        {
            ["Grid:Agent:LeaseDuration"] = Lease.ToString(),
            ["Grid:LeaseRecovery:Interval"] = "00:00:00.500",
            ["Grid:DispatchRepair:Interval"] = "00:00:01",
        });
        await using var cluster = await LocalCluster.StartAsync(controlPlanes: 2, agents: 2, settings, ct);
        await using var front = new TcpFront(cluster.ControlPlanes.Select(p => p.Port).ToList());
        await using var client = new GridClient(new GridClientOptions { Address = front.Address });
        log.Write($"grid up: 2 control planes, 2 agents + 2 workers (partition {cluster.Partition}); client through TCP front {front.Address}");
        try
        {
            var session = await client.CreateSessionAsync(new TaskOptions { MaxRetries = 5 }, [cluster.Partition], ct);
            await using var audit = new EventAudit(session);
            var workload = new FaultWorkload(session);
            var progress = new Progress(session);
            var faults = Faults(cluster, servers, front, progress, log);
            var waits = new List<Task<IReadOnlyDictionary<string, ResultStatus>>>();

            for (var wave = 0; wave < FaultWorkload.Waves; wave++)
            {
                var outputs = await workload.SubmitWaveAsync(wave, ct);
                waits.Add(session.WaitAsync(outputs, ct)); // the client waits through every fault that follows
                var before = await progress.WaitForCompletionsAsync(InFlightCompletions, ct);
                log.Write($"wave {wave} submitted; in flight: {Describe(before.Counts)}");
                var (name, inject) = faults[wave];
                var started = log.Elapsed;
                log.Write($"INJECT {name}: {await inject(ct)} ({(log.Elapsed - started).TotalSeconds:F1} s)");
                var injected = log.Elapsed;
                var after = await progress.WaitForCompletionsAsync(RecoveryCompletions, ct);
                log.Write(after.Required > 0
                    ? $"  recovered: {after.Required} more tasks completed {(log.Elapsed - injected).TotalSeconds:F1} s after the injection ended; now {Describe(after.Counts)}"
                    : $"  every task submitted so far completed while the injection went on ({Describe(after.Counts)}): the next wave's progress checks the recovery");
            }
            var sink = await workload.SubmitSinkAsync(ct);
            waits.Add(session.WaitAsync([sink], ct));
            log.Write("all waves and the sink submitted; waiting for every result");
            var statuses = (await progress.WhileCompletingAsync(Task.WhenAll(waits), ct)).SelectMany(w => w).ToDictionary();
            log.Write($"every awaited result is final ({statuses.Count} results)");

            await VerifyAsync(session, workload, statuses, audit, log, ct);
        }
        catch (Exception e) when (e is not Xunit.Sdk.XunitException)
        {
            throw new InvalidOperationException($"{e.Message}\n{log.Text()}\n{Outputs(cluster)}", e);
        }
        catch (Xunit.Sdk.XunitException)
        {
            output.WriteLine(Outputs(cluster));
            throw;
        }
    }

    private static List<(string Name, Func<CancellationToken, Task<string>> Inject)> Faults(LocalCluster cluster, DedicatedTestServers servers, TcpFront front, Progress progress, FaultLog log) =>
    [
        ("kill -9 worker-0", async ct =>
        {
            var worker = cluster.Agents[0].Worker;
            var pid = worker.ProcessId;
            await worker.KillAsync();
            await worker.RestartAsync(ct);
            return $"killed worker-0 (pid {pid}) beside agent-0, started it again on port {worker.Port} (pid {worker.ProcessId})";
        }),
        ("kill -9 agent-1", async ct =>
        {
            var agent = cluster.Agents[1].Agent;
            var pid = agent.ProcessId;
            await agent.KillAsync();
            await agent.RestartAsync(ct);
            return $"killed agent-1 (pid {pid}) with its tasks leased (lease {Lease.TotalSeconds:F0} s), started it again (pid {agent.ProcessId})";
        }),
        ("kill -9 control-plane-0", async ct =>
        {
            var replica = cluster.ControlPlanes[0];
            var pid = replica.ProcessId;
            await replica.KillAsync();
            // The client's streams through the dead replica broke; it must carry on through the other one.
            await progress.WaitForCompletionsAsync(RecoveryCompletions, ct);
            log.Write($"  the client carried on through control-plane-1 while control-plane-0 (pid {pid}) was dead");
            await replica.RestartAsync(ct);
            return $"killed control-plane-0 (pid {pid}), started it again after the client carried on (pid {replica.ProcessId})";
        }),
        ("restart PostgreSQL", async ct =>
        {
            await servers.RestartAsync("postgres", ct);
            return "PostgreSQL stopped (fast shutdown: every connection cut) and started again on the same port and data folder";
        }),
        ("restart RabbitMQ", async ct =>
        {
            await servers.RestartAsync("rabbitmq", ct);
            return "RabbitMQ stopped (SIGTERM: every connection and channel closed) and started again on the same port and data folder";
        }),
        ("restart Redis", async ct =>
        {
            await servers.RestartAsync("redis", ct);
            return "Redis saved and shut down (every connection cut) and started again on the same port from its data folder";
        }),
        ("drop the client's connections", ct =>
            Task.FromResult($"reset {front.DropAll()} connection(s) between the client and the control planes (its result waits and event stream were open)")),
    ];

    private static async Task VerifyAsync(GridSession session, FaultWorkload workload, IReadOnlyDictionary<string, ResultStatus> statuses,
        EventAudit audit, FaultLog log, CancellationToken ct)
    {
        var counts = await session.CountTasksAsync(ct);
        log.Write($"CHECK tasks by status: {Describe(counts)} (expected {FaultWorkload.TaskCount} Completed)");

        var actual = new Dictionary<string, string>();
        var expected = workload.Expected.ToDictionary(e => e.Key, e => e.Value.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var notCompleted = expected.Keys.Where(id => statuses.GetValueOrDefault(id) != ResultStatus.Completed).ToList();
        await Parallel.ForEachAsync(expected.Keys.Except(notCompleted), new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = ct }, async (id, token) =>
        {
            var text = Encoding.UTF8.GetString(await session.DownloadAsync(id, token));
            lock (actual) actual[id] = text;
        });
        var wrong = expected.Where(e => actual.TryGetValue(e.Key, out var a) && a != e.Value).Select(e => $"{e.Key}: {actual[e.Key]} instead of {e.Value}").ToList();
        var (expectedSum, actualSum) = (FaultWorkload.Checksum(expected), FaultWorkload.Checksum(actual));
        log.Write($"CHECK results: {expected.Count} expected, {actual.Count} Completed and downloaded, {notCompleted.Count} not Completed (lost), {wrong.Count} with wrong content; " +
            $"checksum expected {expectedSum}, actual {actualSum}; sink = {actual.GetValueOrDefault(workload.Sink!)}");

        await audit.WaitForCompletionsAsync(FaultWorkload.TaskCount, ct);
        var a = audit.Counts();
        log.Write($"CHECK event log: {a.Events} events read through every fault (last sequence {a.LastSequence}, {a.Gaps} gaps); " +
            $"{a.TasksCompleted} tasks completed, {a.TasksCompletedTwice} twice; {a.ResultsCompleted} results completed, {a.ResultsCompletedTwice} twice; " +
            $"{a.TasksRetried} tasks ran more than one attempt");
        var lostTasks = FaultWorkload.TaskCount - counts.GetValueOrDefault(TaskStatus.Completed);
        log.Write($"SUMMARY lost tasks {lostTasks}, lost results {notCompleted.Count}, wrong results {wrong.Count}, double completions {a.TasksCompletedTwice + a.ResultsCompletedTwice}");

        Assert.True(notCompleted.Count == 0, $"results not completed: {string.Join(", ", notCompleted.Take(5))}");
        Assert.True(wrong.Count == 0, $"results with wrong content: {string.Join("; ", wrong.Take(5))}");
        Assert.Equal(expectedSum, actualSum);
        Assert.Equal(FaultWorkload.TaskCount, counts.GetValueOrDefault(TaskStatus.Completed));
        Assert.Equal(FaultWorkload.TaskCount, counts.Values.Sum());
        Assert.True(a.TasksCompletedTwice == 0 && a.ResultsCompletedTwice == 0, $"completed twice: {string.Join(", ", a.DoubleExamples)}");
        Assert.Equal(0, a.Gaps);
        Assert.Equal((ulong)a.Events, a.LastSequence);
    }

    /// <summary>The whole output of every process in files, and the end of each in the failure message.</summary>
    private static string Outputs(LocalCluster cluster)
    {
        var folder = cluster.WriteOutputs(Path.Combine(Path.GetTempPath(), $"grid-fault-injection-{DateTime.Now:yyyyMMdd-HHmmss}"));
        return $"whole output of every process: {folder}\n{cluster.Diagnostics()}";
    }

    private static string Describe(IReadOnlyDictionary<TaskStatus, long> counts) =>
        string.Join(", ", counts.OrderBy(c => c.Key).Select(c => $"{c.Key} {c.Value}"));

    /// <summary>Task counts of the session, read through the client; waits for completions with a deadline.</summary>
    private sealed class Progress(GridSession session)
    {
        private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(90);

        /// <summary>Waits for <paramref name="done"/>, failing as soon as no task completed for <see cref="Deadline"/>.</summary>
        public async Task<T> WhileCompletingAsync<T>(Task<T> done, CancellationToken ct)
        {
            var (completed, unchanged) = (-1L, Stopwatch.StartNew());
            while (!done.IsCompleted)
            {
                try
                {
                    var counts = await session.CountTasksAsync(ct);
                    if (counts.GetValueOrDefault(TaskStatus.Completed) > completed)
                        (completed, unchanged) = (counts.GetValueOrDefault(TaskStatus.Completed), Stopwatch.StartNew());
                    else if (unchanged.Elapsed > Deadline)
                        throw new TimeoutException($"stalled: no task completed for {Deadline.TotalSeconds:F0} s while waiting for every result; now {Describe(counts)}");
                }
                catch (RpcException e) when (e.StatusCode == StatusCode.Unavailable)
                {
                    // the replica this call went to is gone: the next one goes to another
                }
                await Task.WhenAny(done, Task.Delay(500, ct));
            }
            return await done;
        }

        /// <summary>
        /// Waits until <paramref name="more"/> tasks completed after this call began, or every task not yet finished when it
        /// began if fewer (none left: nothing to wait for), and some are still to run unless all are done; at most
        /// <see cref="Deadline"/>. Returns the counts and the completions it required.
        /// </summary>
        public async Task<(IReadOnlyDictionary<TaskStatus, long> Counts, long Required)> WaitForCompletionsAsync(int more, CancellationToken ct)
        {
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
            deadline.CancelAfter(Deadline);
            long? target = null, required = null;
            var clock = Stopwatch.StartNew();
            while (true)
            {
                IReadOnlyDictionary<TaskStatus, long> counts;
                try
                {
                    counts = await session.CountTasksAsync(deadline.Token);
                }
                catch (RpcException e) when (e.StatusCode == StatusCode.Unavailable && !deadline.IsCancellationRequested)
                {
                    await Task.Delay(100, deadline.Token); // the replica this call went to is gone: the next one goes to another
                    continue;
                }
                catch (OperationCanceledException) when (!ct.IsCancellationRequested)
                {
                    throw new TimeoutException($"no progress: fewer than {required} tasks completed within {clock.Elapsed.TotalSeconds:F0} s (target {target} Completed)");
                }
                var completed = counts.GetValueOrDefault(TaskStatus.Completed);
                var unfinished = counts.Where(c => c.Key is not (TaskStatus.Completed or TaskStatus.Error or TaskStatus.Cancelled or TaskStatus.Timeout)).Sum(c => c.Value);
                required ??= Math.Min(more, unfinished);
                target ??= completed + required;
                if (completed >= target && (unfinished > 0 || required < more || completed >= FaultWorkload.TaskCount)) return (counts, required.Value);
                try
                {
                    await Task.Delay(50, deadline.Token);
                }
                catch (OperationCanceledException) when (!ct.IsCancellationRequested)
                {
                    throw new TimeoutException($"no progress: fewer than {required} tasks completed within {clock.Elapsed.TotalSeconds:F0} s (target {target} Completed, now {Describe(counts)})");
                }
            }
        }
    }
}
