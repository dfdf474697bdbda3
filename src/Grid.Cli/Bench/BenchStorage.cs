namespace Grid.Cli.Bench;

/// <summary>What the embedded grid of <c>grid bench</c> stores its state in (<c>--storage</c>).</summary>
public enum BenchStorage
{
    /// <summary>Everything in memory: nothing survives the process.</summary>
    Memory,

    /// <summary>The default of <c>grid run</c>: tables in memory with every change journaled, small data with them, larger data in files, in a data folder.</summary>
    Durable,
}
