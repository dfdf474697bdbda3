namespace Grid.Workflows.Engine.Export;

public enum ExportFileOutcome
{
    /// <summary>The destination took the file (for DICOM: C-STORE success or warning).</summary>
    Sent,

    /// <summary>The destination refused the file, or could not be reached after every attempt.</summary>
    Failed,

    /// <summary>The file is not something this destination carries (for DICOM: not a Part 10 file).</summary>
    Skipped,
}

/// <summary>What became of one file of one artifact sent to one export destination.</summary>
public sealed record ExportFileStatus
{
    public required string Destination { get; init; }
    public required string Artifact { get; init; }
    public required string Path { get; init; }
    public required ExportFileOutcome Outcome { get; init; }

    /// <summary>Associations (or writes) tried for this file.</summary>
    public int Attempts { get; init; } = 1;

    public string? SopInstanceUid { get; init; }

    /// <summary>The DIMSE status of the C-STORE response, when one came.</summary>
    public ushort? DimseStatus { get; init; }

    public string? Error { get; init; }
}
