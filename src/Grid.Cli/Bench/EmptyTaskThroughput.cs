using System.Diagnostics;
using Grid.Api.V1;
using Grid.Cli.Workloads;
using Grid.Client;

namespace Grid.Cli.Bench;

/// <summary>
/// W1: N "empty" tasks with small payloads. Submitted while the session is paused (submission rate), then
/// resumed and waited for (processing rate), then every output downloaded (retrieval rate).
/// </summary>
public sealed class EmptyTaskThroughput(int tasks, int payloadSize) : IBenchWorkload
{
    /// <summary>Batches of results and tasks in flight during submission.</summary>
    private const int SubmitConcurrency = 2;
    private const int SubmitBatch = 10_000;
    /// <summary>Downloads in flight during retrieval.</summary>
    private const int DownloadConcurrency = 16;

    public string Name => "w1";
    public string Description => $"W1 empty-task throughput: {tasks:N0} tasks, {payloadSize} B payloads";

    public async Task<IReadOnlyList<Measurement>> RunOnceAsync(GridClient client, CancellationToken ct)
    {
        var cpu = new CpuMeter();
        var session = await client.CreateSessionAsync(new TaskOptions { ApplicationName = SampleApplications.Empty }, ct: ct);
        await session.PauseAsync(ct);

        var clock = Stopwatch.StartNew();
        var outputs = await SubmitAllAsync(session, ct);
        var submission = clock.Elapsed;

        clock.Restart();
        var cpuBeforeProcessing = cpu.Elapsed;
        await session.ResumeAsync(ct);
        var statuses = await session.WaitAsync(outputs, ct);
        var processing = clock.Elapsed;
        var processingCpu = cpu.Elapsed - cpuBeforeProcessing;
        var notCompleted = statuses.Count(s => s.Value != ResultStatus.Completed);

        clock.Restart();
        long bytes = 0;
        await Parallel.ForEachAsync(outputs.Where(id => statuses[id] == ResultStatus.Completed),
            new ParallelOptions { MaxDegreeOfParallelism = DownloadConcurrency, CancellationToken = ct },
            async (id, token) => Interlocked.Add(ref bytes, (await session.DownloadAsync(id, token)).Length));
        var retrieval = clock.Elapsed;
        var cpuTime = cpu.Elapsed;

        await session.CloseAsync(ct);
        await BenchSessions.ReleaseAsync(client, session.SessionId, ct);

        return
        [
            new("submission rate", "tasks/s", tasks / submission.TotalSeconds),
            new("processing rate", "tasks/s", tasks / processing.TotalSeconds),
            new("retrieval rate", "results/s", (tasks - notCompleted) / retrieval.TotalSeconds),
            new("submission time", "s", submission.TotalSeconds),
            new("processing time", "s", processing.TotalSeconds),
            new("retrieval time", "s", retrieval.TotalSeconds),
            new("CPU per task", "ms", cpuTime.TotalMilliseconds / tasks),
            new("CPU per task, processing only", "ms", processingCpu.TotalMilliseconds / tasks),
            new("CPU use while processing", "% of all cores", 100 * processingCpu / (processing * Environment.ProcessorCount)),
            new("tasks not completed", "tasks", notCompleted),
        ];
    }

    /// <summary>
    /// Fills the grid's tables with this workload's tasks in a session left paused, so that later runs are
    /// measured with that many tasks already stored (the growth figure). Returns the session id.
    /// </summary>
    public async Task<string> PreloadAsync(GridClient client, CancellationToken ct)
    {
        var session = await client.CreateSessionAsync(new TaskOptions { ApplicationName = SampleApplications.Empty }, ct: ct);
        await session.PauseAsync(ct);
        await SubmitAllAsync(session, ct);
        return session.SessionId;
    }

    /// <summary>Creates payloads and outputs and submits the tasks, batch by batch; returns the output ids.</summary>
    private async Task<IReadOnlyList<string>> SubmitAllAsync(GridSession session, CancellationToken ct)
    {
        var payload = new byte[payloadSize];
        Random.Shared.NextBytes(payload);
        var batches = Enumerable.Range(0, (tasks + SubmitBatch - 1) / SubmitBatch).ToList();
        var outputs = new IReadOnlyList<string>[batches.Count];
        await Parallel.ForEachAsync(batches, new ParallelOptions { MaxDegreeOfParallelism = SubmitConcurrency, CancellationToken = ct }, async (batch, token) =>
        {
            var first = batch * SubmitBatch;
            var count = Math.Min(SubmitBatch, tasks - first);
            var payloads = await session.CreateResultsWithDataAsync(
                Enumerable.Range(first, count).Select(i => ($"payload-{i}", (ReadOnlyMemory<byte>)payload)), token);
            var expected = await session.CreateResultsAsync(Enumerable.Range(first, count).Select(i => $"output-{i}"), token);
            await session.SubmitAsync(payloads.Zip(expected, (p, o) => new TaskCreation { PayloadId = p, ExpectedOutputIds = { o } }), ct: token);
            outputs[batch] = expected;
        });
        return outputs.SelectMany(o => o).ToList();
    }
}
