using Grid.Client;

namespace Grid.Tests;

/// <summary>
/// The grid as separate OS processes on real servers: two control-plane replicas, two agents, each with
/// its own sample worker. The client submits through one replica and waits through the other, so it
/// sees work done by any agent through any replica.
/// </summary>
public sealed class ClusterTests
{
    [Fact]
    public Task Ten_thousand_tasks_complete_across_processes_on_PostgreSql_RabbitMQ_and_Redis() =>
        RunAsync(Merge(TestServers.PostgreSqlTables(), TestServers.RabbitMqQueue(), TestServers.RedisObjects()));

    [Fact]
    public Task Ten_thousand_tasks_complete_across_processes_on_PostgreSql_Sqs_and_S3() =>
        RunAsync(Merge(TestServers.PostgreSqlTables(), TestServers.SqsQueue(), TestServers.S3Objects()));

    private static async Task RunAsync(Dictionary<string, string> storage)
    {
        var ct = Work.Deadline(600);
        // A partition of its own: messages left by other runs in shared queues never reach these agents.
        var partition = $"cluster-{Guid.NewGuid():N}"[..20];
        var processes = new List<ServiceProcess>();
        try
        {
            for (var i = 0; i < 2; i++)
                processes.Add(ServiceProcess.Start($"control-plane-{i}", "Grid.ControlPlane.dll", GridProcess.FreePort(),
                    Merge(storage, new() { ["Grid:Partitions:0:Id"] = partition, ["Logging:LogLevel:Default"] = "Warning" })));
            for (var i = 0; i < 2; i++)
            {
                var (agentPort, workerPort) = (GridProcess.FreePort(), GridProcess.FreePort());
                processes.Add(ServiceProcess.Start($"agent-{i}", "Grid.Agent.dll", agentPort, Merge(storage, new()
                {
                    ["Grid:Agent:Partitions:0"] = partition,
                    ["Grid:Agent:WorkerAddress"] = $"http://127.0.0.1:{workerPort}",
                    ["Grid:Agent:DataFolder"] = Path.Combine(Path.GetTempPath(), $"grid-{partition}-agent-{i}"),
                    ["Logging:LogLevel:Default"] = "Warning",
                })));
                processes.Add(ServiceProcess.Start($"worker-{i}", "Grid.Samples.dll", workerPort, new Dictionary<string, string>
                {
                    ["Grid:Worker:AgentAddress"] = $"http://127.0.0.1:{agentPort}",
                    ["Logging:LogLevel:Default"] = "Warning",
                }));
            }
            await Task.WhenAll(processes.Select(p => p.WaitUntilListeningAsync(ct)));

            await using var submitter = new GridClient(new GridClientOptions { Address = processes[0].Address });
            await using var watcher = new GridClient(new GridClientOptions { Address = processes[1].Address });
            var session = await submitter.CreateSessionAsync(partitionIds: [partition], ct: ct);
            var graph = await FanOutFanIn.SubmitAsync(session, ct);
            await graph.VerifyAsync(watcher.OpenSession(session.SessionId), ct);
        }
        catch (Exception e) when (e is not Xunit.Sdk.XunitException)
        {
            throw new InvalidOperationException($"{e.Message}\n{string.Join("\n", processes.Select(p => $"--- {p.Name}\n{Tail(p.Output)}"))}", e);
        }
        finally
        {
            await Task.WhenAll(processes.Select(p => p.DisposeAsync().AsTask()));
        }
    }

    private static string Tail(string output) => output.Length <= 3000 ? output : output[^3000..];

    private static Dictionary<string, string> Merge(params Dictionary<string, string>[] parts)
    {
        var merged = new Dictionary<string, string>();
        foreach (var part in parts)
            foreach (var (key, value) in part) merged[key] = value;
        return merged;
    }
}
