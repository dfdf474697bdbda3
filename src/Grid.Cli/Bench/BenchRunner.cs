using Grid.Client;

namespace Grid.Cli.Bench;

/// <summary>Runs a workload: warm-up runs (discarded), then measured runs, each in its own session.</summary>
public static class BenchRunner
{
    public static async Task<WorkloadResult> RunAsync(IBenchWorkload workload, GridClient client, int warmUpRuns, int runs, CancellationToken ct)
    {
        for (var i = 1; i <= warmUpRuns; i++)
        {
            Progress($"{workload.Description}: warm-up {i}/{warmUpRuns}");
            await workload.RunOnceAsync(client, ct);
        }
        var measured = new List<IReadOnlyList<Measurement>>();
        for (var i = 1; i <= runs; i++)
        {
            Progress($"{workload.Description}: run {i}/{runs}");
            var run = await workload.RunOnceAsync(client, ct);
            Progress("  " + string.Join(", ", run.Select(m => $"{m.Name} {m.Value:#,0.###} {m.Unit}")));
            measured.Add(run);
            // Garbage left by one run should not be collected on the next one's clock.
            GC.Collect();
            GC.WaitForPendingFinalizers();
        }
        return new WorkloadResult(workload.Name, workload.Description, warmUpRuns, runs, Figure.Summarise(measured));
    }

    private static void Progress(string line) => Console.Error.WriteLine(line);
}
