using System.Runtime.InteropServices;

namespace Grid.Cli.Bench;

/// <summary>The machine a benchmark ran on.</summary>
public sealed record MachineInfo(int Cores, long MemoryBytes, string Os, string Runtime, string Architecture)
{
    public static MachineInfo Current() => new(
        Environment.ProcessorCount,
        GC.GetGCMemoryInfo().TotalAvailableMemoryBytes,
        RuntimeInformation.OSDescription,
        RuntimeInformation.FrameworkDescription,
        RuntimeInformation.OSArchitecture.ToString());
}
