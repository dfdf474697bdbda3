using Grid.Dicom.Data;

namespace Grid.Dicom.Network;

/// <summary>A completely received C-STORE instance, handed to <see cref="IDicomStoreHandler"/>.</summary>
public sealed class DicomReceivedInstance
{
    public required string CallingAeTitle { get; init; }
    public required string CalledAeTitle { get; init; }
    public required string SopClassUid { get; init; }
    public required string SopInstanceUid { get; init; }
    public required string TransferSyntaxUid { get; init; }

    /// <summary>The data set up to (excluding) pixel data.</summary>
    public required DicomDataset Metadata { get; init; }

    /// <summary>The whole instance as a Part 10 file (meta header written by us), positioned at its start; valid during the callback only.</summary>
    public required Stream Content { get; init; }
}
