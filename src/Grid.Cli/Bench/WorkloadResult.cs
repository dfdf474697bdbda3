namespace Grid.Cli.Bench;

/// <summary>The summarised figures of one workload.</summary>
public sealed record WorkloadResult(string Name, string Description, int WarmUpRuns, int MeasuredRuns, IReadOnlyList<Figure> Figures);
