namespace Grid.Workflows.Dicom.Tests;

/// <summary>The peak resident memory (VmHWM) of this process, from Linux's /proc.</summary>
internal static class ProcessMemory
{
    /// <summary>Starts the peak over from the current resident size (writing 5 to clear_refs, Linux 4.0 and later).</summary>
    public static void ResetPeak()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        File.WriteAllText("/proc/self/clear_refs", "5");
    }

    public static long PeakResidentBytes()
    {
        foreach (var line in File.ReadLines("/proc/self/status"))
            if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                return long.Parse(line["VmHWM:".Length..].Trim().Split(' ')[0]) * 1024;
        throw new InvalidOperationException("/proc/self/status has no VmHWM");
    }
}
