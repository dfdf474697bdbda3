namespace Grid.Workflows.Dicom.Export;

/// <summary>Counters of the DICOM export sink (for diagnostics and tests).</summary>
public sealed class DicomExportStatistics
{
    private long _failedAssociations, _filesSent;

    /// <summary>Associations that could not be opened or broke before every file was answered.</summary>
    public long FailedAssociations => Interlocked.Read(ref _failedAssociations);

    public long FilesSent => Interlocked.Read(ref _filesSent);

    internal void OnFailedAssociation() => Interlocked.Increment(ref _failedAssociations);
    internal void OnFileSent() => Interlocked.Increment(ref _filesSent);
}
