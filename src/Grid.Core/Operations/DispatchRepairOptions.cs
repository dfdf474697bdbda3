namespace Grid.Core.Operations;

/// <summary>
/// How often the control plane checks whether the grid stalled, and how much the repair (and a restart's recovery) reads
/// at a time; configurable under <c>Grid:DispatchRepair</c>.
/// </summary>
public sealed class DispatchRepairOptions
{
    /// <summary>
    /// Time between two looks at the task counts. When they did not change over one interval, the repair runs
    /// (once per unchanged state), so work cut off by a storage outage resumes within about two intervals.
    /// </summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Tasks (and results) read per storage call by the repair and by a restart's recovery, which go through what they
    /// recover page by page rather than loading it whole.
    /// </summary>
    public int PageSize { get; set; } = 1_000;
}
