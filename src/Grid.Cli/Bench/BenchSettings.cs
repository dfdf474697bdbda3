namespace Grid.Cli.Bench;

/// <summary>What <c>grid bench</c> was asked to run.</summary>
public sealed record BenchSettings(
    IReadOnlyList<string> Workloads,
    int Tasks,
    int PayloadSize,
    int WarmUpRuns,
    int Runs,
    int Cycles);
