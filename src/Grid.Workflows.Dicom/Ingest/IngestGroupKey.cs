namespace Grid.Workflows.Dicom.Ingest;

/// <summary>What instances of one group share: sent by the same peer to the same AE title, of one study (and series).</summary>
public sealed record IngestGroupKey(string CalledAeTitle, string CallingAeTitle, string StudyInstanceUid, string? SeriesInstanceUid);
