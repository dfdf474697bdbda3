namespace Grid.Core.Operations;

/// <summary>How often the control plane checks whether the grid stalled; configurable under <c>Grid:DispatchRepair</c>.</summary>
public sealed class DispatchRepairOptions
{
    /// <summary>
    /// Time between two looks at the task counts. When they did not change over one interval, the repair runs
    /// (once per unchanged state), so work cut off by a storage outage resumes within about two intervals.
    /// </summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(10);
}
