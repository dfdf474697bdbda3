using Grid.Client;

namespace Grid.Cli.Bench;

/// <summary>A workload of the benchmark protocol (docs/benchmarks.md); one call is one run, in its own session.</summary>
public interface IBenchWorkload
{
    /// <summary>Short name, as given to <c>--workload</c>: w1, w2, ...</summary>
    string Name { get; }

    string Description { get; }

    Task<IReadOnlyList<Measurement>> RunOnceAsync(GridClient client, CancellationToken ct);
}
