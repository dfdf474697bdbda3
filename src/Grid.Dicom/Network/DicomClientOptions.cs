using Grid.Dicom.Data;

namespace Grid.Dicom.Network;

/// <summary>Where and how a DICOM user (SCU) associates.</summary>
public sealed record DicomClientOptions
{
    public required string Host { get; init; }
    public required int Port { get; init; }
    public string CallingAeTitle { get; init; } = "GRID_SCU";
    public required string CalledAeTitle { get; init; }

    public uint MaxPduLength { get; init; } = 64 * 1024;
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>ARTIM: how long to wait for A-ASSOCIATE-AC/RJ and for A-RELEASE-RP.</summary>
    public TimeSpan ArtimTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long to wait for a DIMSE response.</summary>
    public TimeSpan DimseTimeout { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>Transfer syntaxes proposed for Verification.</summary>
    public IReadOnlyList<string> VerificationTransferSyntaxes { get; init; } =
        [DicomUids.ExplicitVRLittleEndian, DicomUids.ImplicitVRLittleEndian];
}
