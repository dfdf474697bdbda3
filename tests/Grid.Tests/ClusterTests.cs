using Grid.Client;

namespace Grid.Tests;

/// <summary>
/// The grid as separate OS processes on real servers: two control-plane replicas, two agents, each with
/// its own sample worker. The client submits through one replica and waits through the other, so it
/// sees work done by any agent through any replica.
/// </summary>
// In the "grid" collection so that it never runs beside the heap-probing large-result tests of this process.
[Collection("grid")]
public sealed class ClusterTests
{
    [Fact]
    public Task Ten_thousand_tasks_complete_across_processes_on_PostgreSql_RabbitMQ_and_Redis() =>
        RunAsync(LocalCluster.Merge(TestServers.PostgreSqlTables(), TestServers.RabbitMqQueue(), TestServers.RedisObjects()));

    [Fact]
    public Task Ten_thousand_tasks_complete_across_processes_on_PostgreSql_Sqs_and_S3() =>
        RunAsync(LocalCluster.Merge(TestServers.PostgreSqlTables(), TestServers.SqsQueue(), TestServers.S3Objects()));

    private static async Task RunAsync(Dictionary<string, string> storage)
    {
        var ct = Work.Deadline(600);
        await using var cluster = await LocalCluster.StartAsync(controlPlanes: 2, agents: 2, storage, ct);
        try
        {
            await using var submitter = new GridClient(new GridClientOptions { Address = cluster.ControlPlanes[0].Address });
            await using var watcher = new GridClient(new GridClientOptions { Address = cluster.ControlPlanes[1].Address });
            var session = await submitter.CreateSessionAsync(partitionIds: [cluster.Partition], ct: ct);
            var graph = await FanOutFanIn.SubmitAsync(session, ct);
            await graph.VerifyAsync(watcher.OpenSession(session.SessionId), ct);
        }
        catch (Exception e) when (e is not Xunit.Sdk.XunitException)
        {
            throw new InvalidOperationException($"{e.Message}\n{cluster.Diagnostics()}", e);
        }
    }
}
