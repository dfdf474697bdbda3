namespace Grid.Core.Operations;

/// <summary>How often the control plane looks for expired leases; configurable under <c>Grid:LeaseRecovery</c>.</summary>
public sealed class LeaseRecoveryOptions
{
    /// <summary>
    /// Time between two passes. A task whose agent died is back in the queue at most this long after its
    /// lease expired.
    /// </summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(1);
}
