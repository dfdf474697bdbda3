using System.Diagnostics;
using Grid.Api.V1;
using Grid.Cli.Workloads;
using Grid.Client;

namespace Grid.Cli.Bench;

/// <summary>
/// W2: sequential cycles of create results → submit one "echo" task → wait → download. The payload (with its data) and
/// the output are created by two requests sent together, as a client does with two calls that do not depend on each other.
/// </summary>
public sealed class SingleTaskLatency(int cycles, int payloadSize) : IBenchWorkload
{
    public string Name => "w2";
    public string Description => $"W2 single-task latency: {cycles:N0} sequential cycles, {payloadSize} B payload";

    // The steps of a cycle, so that a latency can be read as where it is spent.
    private const string CreateResults = "create results";
    private const string Submit = "submit";
    private const string Wait = "wait";
    private const string Download = "download";
    private static readonly string[] Phases = [CreateResults, Submit, Wait, Download];

    public async Task<IReadOnlyList<Measurement>> RunOnceAsync(GridClient client, CancellationToken ct)
    {
        var payload = new byte[payloadSize];
        Random.Shared.NextBytes(payload);
        var cpu = new CpuMeter();
        var session = await client.CreateSessionAsync(new TaskOptions { ApplicationName = SampleApplications.Echo }, ct: ct);
        var latencies = new double[cycles];
        var phases = Phases.ToDictionary(p => p, _ => new double[cycles]);
        var clock = new Stopwatch();
        for (var i = 0; i < cycles; i++)
        {
            clock.Restart();
            var creatingInput = session.CreateResultsWithDataAsync([($"payload-{i}", payload)], ct);
            var creatingOutput = session.CreateResultsAsync([$"output-{i}"], ct);
            var input = (await creatingInput)[0];
            var output = (await creatingOutput)[0];
            var resultsCreated = clock.Elapsed.TotalMilliseconds;
            await session.SubmitAsync([new TaskCreation { PayloadId = input, ExpectedOutputIds = { output } }], ct: ct);
            var submitted = clock.Elapsed.TotalMilliseconds;
            await WaitForCompletion.RequireCompletedAsync(session, [output], ct);
            var completed = clock.Elapsed.TotalMilliseconds;
            var echoed = await session.DownloadAsync(output, ct);
            latencies[i] = clock.Elapsed.TotalMilliseconds;
            phases[CreateResults][i] = resultsCreated;
            phases[Submit][i] = submitted - resultsCreated;
            phases[Wait][i] = completed - submitted;
            phases[Download][i] = latencies[i] - completed;
            if (echoed.Length != payload.Length)
                throw new InvalidOperationException($"cycle {i}: echo returned {echoed.Length} bytes instead of {payload.Length}");
        }
        var cpuTime = cpu.Elapsed;
        await session.CloseAsync(ct);
        await BenchSessions.ReleaseAsync(client, session.SessionId, ct);

        Array.Sort(latencies);
        return
        [
            new("p50 latency", "ms", Statistics.Percentile(latencies, 50)),
            new("p95 latency", "ms", Statistics.Percentile(latencies, 95)),
            new("p99 latency", "ms", Statistics.Percentile(latencies, 99)),
            new("mean latency", "ms", latencies.Average()),
            new("CPU per cycle", "ms", cpuTime.TotalMilliseconds / cycles),
            .. Phases.Select(p => new Measurement($"p50 {p}", "ms", Statistics.Median(phases[p]))),
        ];
    }
}
