using System.Diagnostics;

namespace Grid.Cli.Bench;

/// <summary>CPU time used by this process (every thread: client, and the embedded grid when there is one) since it was started.</summary>
public sealed class CpuMeter
{
    private readonly TimeSpan start = Now();

    public TimeSpan Elapsed => Now() - start;

    private static TimeSpan Now()
    {
        using var process = Process.GetCurrentProcess();
        return process.TotalProcessorTime;
    }
}
