namespace Grid.Cli.Bench;

/// <summary>What <c>grid bench</c> was asked to run.</summary>
public sealed record BenchSettings(
    IReadOnlyList<string> Workloads,
    int Tasks,
    int PayloadSize,
    int WarmUpRuns,
    int Runs,
    int Cycles)
{
    /// <summary>load: the numbers of concurrent clients, one run of the workload each.</summary>
    public IReadOnlyList<int> Clients { get; init; } = [16];

    /// <summary>load: how long each run lasts.</summary>
    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(30);
}
