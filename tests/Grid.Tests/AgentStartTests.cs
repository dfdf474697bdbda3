using Grid.Api.V1;
using Grid.Client;
using Grid.Samples;
using TaskStatus = Grid.Api.V1.TaskStatus;

namespace Grid.Tests;

/// <summary>An agent takes no task before its worker answers: a task taken earlier would spend its attempts on a worker not yet there.</summary>
[Collection("grid")]
public sealed class AgentStartTests
{
    [Fact]
    public async Task An_agent_started_before_its_worker_waits_for_it_and_spends_no_attempt()
    {
        var ct = Work.Deadline(180);
        var partition = $"start-{Guid.NewGuid():N}"[..20];
        var storage = LocalCluster.Merge(TestServers.PostgreSqlTables(), TestServers.RabbitMqQueue(), TestServers.RedisObjects(), new()
        {
            ["Logging:LogLevel:Default"] = "Warning",
        });
        var (agentPort, workerPort) = (LoopbackPort.Free(), LoopbackPort.Free());
        await using var controlPlane = ServiceProcess.Start("control-plane", "Grid.ControlPlane.dll", LoopbackPort.Free(),
            LocalCluster.Merge(storage, new() { ["Grid:Partitions:0:Id"] = partition }));
        await using var agent = ServiceProcess.Start("agent", "Grid.Agent.dll", agentPort, LocalCluster.Merge(storage, new()
        {
            ["Grid:Agent:AgentId"] = $"{partition}-agent",
            ["Grid:Agent:Partitions:0"] = partition,
            ["Grid:Agent:WorkerAddress"] = $"http://127.0.0.1:{workerPort}",
            ["Grid:Agent:DataFolder"] = Path.Combine(Path.GetTempPath(), $"grid-{partition}-agent"),
            ["Logging:LogLevel:Grid.Agent.PollingAgent"] = "Information",
        }));
        await Task.WhenAll(controlPlane.WaitUntilListeningAsync(ct), agent.WaitUntilListeningAsync(ct));

        await using var client = new GridClient(new GridClientOptions { Address = controlPlane.Address });
        var session = await client.CreateSessionAsync(partitionIds: [partition], ct: ct);
        var payload = (await session.CreateResultsWithDataAsync([("payload", Work.Text("hello"))], ct))[0];
        var output = (await session.CreateResultsAsync(["out"], ct))[0];
        var creation = Work.Task(payload, [], [output], SampleApplications.Echo);
        creation.Options.MaxRetries = 0; // one failed attempt would end it
        var task = (await session.SubmitAsync([creation], ct: ct))[0];
        await WaitUntilAsync(() => agent.Output.Contains("waits for its worker"), agent, ct);
        Assert.Equal(TaskStatus.Submitted, (await client.Tasks.GetTaskAsync(new GetTaskRequest { TaskId = task.TaskId }, cancellationToken: ct)).Task.Status);

        await using var worker = ServiceProcess.Start("worker", "Grid.Samples.dll", workerPort, new Dictionary<string, string>
        {
            ["Grid:Worker:AgentAddress"] = $"http://127.0.0.1:{agentPort}",
            ["Logging:LogLevel:Default"] = "Warning",
        });
        Assert.Equal(ResultStatus.Completed, (await session.WaitAsync([output], ct))[output]);
        var done = (await client.Tasks.GetTaskAsync(new GetTaskRequest { TaskId = task.TaskId }, cancellationToken: ct)).Task;
        Assert.Equal((TaskStatus.Completed, 1), (done.Status, done.Attempt));
        Assert.Equal("hello", Work.Text(await session.DownloadAsync(output, ct)));
    }

    private static async Task WaitUntilAsync(Func<bool> condition, ServiceProcess process, CancellationToken ct)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(TimeSpan.FromSeconds(60));
        try
        {
            while (!condition()) await Task.Delay(20, deadline.Token);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new TimeoutException($"{process.Name} never said it waits for its worker:\n{process.Output}");
        }
    }
}
