using System.Net;
using Grid.Dicom.Data;

namespace Grid.Dicom.Network;

/// <summary>Configuration of a DICOM provider (SCP).</summary>
public sealed record DicomServerOptions
{
    public IPAddress Address { get; init; } = IPAddress.Loopback;

    /// <summary>0 picks a free port; see <see cref="DicomServer.Port"/>.</summary>
    public int Port { get; init; }

    /// <summary>Called AE titles this provider answers to; anything else gets A-ASSOCIATE-RJ (called AE not recognized).</summary>
    public IReadOnlySet<string> AeTitles { get; init; } = new HashSet<string> { "GRID" };

    /// <summary>When set, only these calling AE titles may associate.</summary>
    public IReadOnlySet<string>? AllowedCallingAeTitles { get; init; }

    /// <summary>
    /// When set, asked (called AE, calling AE) for each association that passed the checks above; false rejects it
    /// with "calling AE title not recognized". For allow-lists that differ per called AE title on one port.
    /// </summary>
    public Func<string, string, bool>? IsCallingAeTitleAllowed { get; init; }

    /// <summary>Storage SOP classes accepted (Verification is always accepted): by default every one of the standard.</summary>
    public IReadOnlySet<string> StorageSopClasses { get; init; } = DicomStorageSopClasses.All;

    /// <summary>Accepted transfer syntaxes in order of preference.</summary>
    public IReadOnlyList<string> TransferSyntaxes { get; init; } =
    [
        DicomUids.ExplicitVRLittleEndian, DicomUids.ImplicitVRLittleEndian, DicomUids.ExplicitVRBigEndian,
        DicomUids.DeflatedExplicitVRLittleEndian, DicomUids.JpegBaseline, DicomUids.JpegExtended, DicomUids.JpegLossless,
        DicomUids.JpegLsLossless, DicomUids.Jpeg2000Lossless, DicomUids.Jpeg2000, DicomUids.RleLossless,
    ];

    /// <summary>
    /// Per called AE title, what it accepts instead of <see cref="StorageSopClasses"/> and <see cref="TransferSyntaxes"/>
    /// (AE titles sharing a port may accept different things).
    /// </summary>
    public IReadOnlyDictionary<string, DicomAcceptance>? AcceptanceByAeTitle { get; init; }

    /// <summary>Maximum P-DATA-TF length we announce and accept.</summary>
    public uint MaxPduLength { get; init; } = 64 * 1024;

    /// <summary>
    /// ARTIM (PS3.8 9.1.5): how long a new connection may take to send A-ASSOCIATE-RQ, and how long we wait for the
    /// peer to close after release or reject. Short, since a connection waiting here holds a socket for nothing.
    /// </summary>
    public TimeSpan ArtimTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>An established association with no PDU for this long is aborted.</summary>
    public TimeSpan IdleTimeout { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>Associations served at once; one more is rejected (transient, local limit exceeded).</summary>
    public int MaxAssociations { get; init; } = 64;

    /// <summary>
    /// Connections that have not sent A-ASSOCIATE-RQ yet, kept apart from <see cref="MaxAssociations"/>; past this
    /// number the oldest of them is closed, so that idle connections never lock out a sender that associates.
    /// </summary>
    public int MaxUnassociatedConnections { get; init; } = 256;

    /// <summary>
    /// Where received data sets are spooled until complete (default: the system temp folder). A handler that keeps
    /// instances on the same file system keeps them by renaming the spool file.
    /// </summary>
    public string? SpoolDirectory { get; init; }
}
