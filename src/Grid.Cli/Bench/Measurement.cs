namespace Grid.Cli.Bench;

/// <summary>One figure of one run, for example "processing rate = 12,345 tasks/s".</summary>
public sealed record Measurement(string Name, string Unit, double Value);
