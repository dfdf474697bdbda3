using System.Collections.Concurrent;
using System.Diagnostics;
using Grid.Api.V1;
using Grid.Cli.Workloads;
using Grid.Client;
using Grpc.Core;

namespace Grid.Cli.Bench;

/// <summary>
/// Load: many clients at once, each in its own session running W2 cycles (create payload and output, submit one echo
/// task, wait, download) back to back for a fixed time. Reports the cycles per second of all clients together, the
/// latency of a cycle, and the calls that failed, by status: what a grid serving many users at once holds.
/// </summary>
public sealed class ConcurrentClientsLoad(int clients, TimeSpan duration, int payloadSize) : IBenchWorkload
{
    public string Name => $"load-{clients}";
    public string Description => $"Load: {clients:N0} client(s) running W2 cycles for {duration.TotalSeconds:N0} s, {payloadSize} B payload";

    public async Task<IReadOnlyList<Measurement>> RunOnceAsync(GridClient client, CancellationToken ct)
    {
        var payload = new byte[payloadSize];
        Random.Shared.NextBytes(payload);
        var sessions = await Task.WhenAll(Enumerable.Range(0, clients)
            .Select(_ => client.CreateSessionAsync(new TaskOptions { ApplicationName = SampleApplications.Echo }, ct: ct)));
        var latencies = new List<double>[clients];
        var errors = new ConcurrentDictionary<string, int>();
        var cpu = new CpuMeter();
        var clock = Stopwatch.StartNew();
        var stopAt = duration;
        await Task.WhenAll(Enumerable.Range(0, clients).Select(c =>
        {
            latencies[c] = [];
            return Task.Run(() => RunClientAsync(sessions[c], payload, latencies[c], errors, clock, stopAt, ct), ct);
        }));
        var elapsed = clock.Elapsed;
        var cpuTime = cpu.Elapsed;
        foreach (var session in sessions)
        {
            await session.CloseAsync(ct);
            await BenchSessions.ReleaseAsync(client, session.SessionId, ct);
        }

        var all = latencies.SelectMany(l => l).Order().ToArray();
        if (all.Length == 0) throw new InvalidOperationException($"no cycle completed in {duration.TotalSeconds:N0} s ({Errors(errors)})");
        return
        [
            new("cycles/s", "cycles/s", all.Length / elapsed.TotalSeconds),
            new("p50 latency", "ms", Statistics.Percentile(all, 50)),
            new("p99 latency", "ms", Statistics.Percentile(all, 99)),
            new("errors", "calls", errors.Values.Sum()),
            .. errors.Select(e => new Measurement($"errors: {e.Key}", "calls", e.Value)),
            new("CPU per cycle", "ms", cpuTime.TotalMilliseconds / all.Length),
        ];
    }

    /// <summary>Cycles back to back until the time is up (a cycle under way then finishes); a failed call is counted, and the client goes on.</summary>
    private static async Task RunClientAsync(GridSession session, byte[] payload, List<double> latencies, ConcurrentDictionary<string, int> errors,
        Stopwatch clock, TimeSpan stopAt, CancellationToken ct)
    {
        var cycle = new Stopwatch();
        for (var i = 0; clock.Elapsed < stopAt; i++)
        {
            cycle.Restart();
            try
            {
                var creatingInput = session.CreateResultsWithDataAsync([($"payload-{i}", payload)], ct);
                var creatingOutput = session.CreateResultsAsync([$"output-{i}"], ct);
                var input = (await creatingInput)[0];
                var output = (await creatingOutput)[0];
                await session.SubmitAsync([new TaskCreation { PayloadId = input, ExpectedOutputIds = { output } }], ct: ct);
                await WaitForCompletion.RequireCompletedAsync(session, [output], ct);
                var echoed = await session.DownloadAsync(output, ct);
                if (echoed.Length != payload.Length) throw new InvalidOperationException("wrong echo");
                latencies.Add(cycle.Elapsed.TotalMilliseconds);
            }
            catch (RpcException e) when (!ct.IsCancellationRequested)
            {
                errors.AddOrUpdate(e.StatusCode.ToString(), 1, (_, n) => n + 1);
            }
            catch (InvalidOperationException) when (!ct.IsCancellationRequested)
            {
                errors.AddOrUpdate("task not completed", 1, (_, n) => n + 1);
            }
        }
    }

    private static string Errors(ConcurrentDictionary<string, int> errors) =>
        errors.IsEmpty ? "no error" : string.Join(", ", errors.Select(e => $"{e.Value} {e.Key}"));
}
