namespace Grid.Dicom.Network;

/// <summary>Counters of what a <see cref="DicomServer"/> did with its connections.</summary>
public sealed class DicomServerStatistics
{
    private long _accepted, _rejected, _released, _aborted;

    public long Accepted => Interlocked.Read(ref _accepted);
    public long Rejected => Interlocked.Read(ref _rejected);
    public long Released => Interlocked.Read(ref _released);

    /// <summary>Associations or connections that ended by abort, timeout, protocol error or a dropped transport.</summary>
    public long Aborted => Interlocked.Read(ref _aborted);

    internal void OnAccepted() => Interlocked.Increment(ref _accepted);
    internal void OnRejected() => Interlocked.Increment(ref _rejected);
    internal void OnReleased() => Interlocked.Increment(ref _released);
    internal void OnAborted() => Interlocked.Increment(ref _aborted);
}
