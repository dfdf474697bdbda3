using Grid.Workflows.Dicom.Export;
using Grid.Workflows.Dicom.Ingest;

namespace Grid.Workflows.Dicom;

/// <summary>Settings of DICOM ingest and export, from <c>Grid:Workflows:Dicom</c>.</summary>
public sealed class DicomWorkflowOptions
{
    /// <summary>The AE titles that receive studies; none: no DICOM port is opened.</summary>
    public List<IngestAeTitleOptions> AeTitles { get; set; } = [];

    /// <summary>Address the ingest ports listen on.</summary>
    public string ListenAddress { get; set; } = "127.0.0.1";

    /// <summary>
    /// Where received instances and open groups are kept. Null: <c>dicom</c> inside <c>Grid:Workflows:DataFolder</c>,
    /// or a temporary folder when the manager keeps everything in memory (groups are then lost on restart).
    /// </summary>
    public string? Folder { get; set; }

    /// <summary>Flush every received instance to disk before it is acknowledged. Off only for throwaway setups.</summary>
    public bool FlushToDisk { get; set; } = true;

    /// <summary>Largest P-DATA PDU announced and accepted by the ingest ports.</summary>
    public uint MaxPduLength { get; set; } = 256 * 1024;

    /// <summary>Associations each ingest port serves at once; one more is rejected as transient (local limit exceeded).</summary>
    public int MaxAssociations { get; set; } = 64;

    /// <summary>
    /// Connections each ingest port keeps while they have not sent A-ASSOCIATE-RQ, apart from
    /// <see cref="MaxAssociations"/>; past it the oldest of them is closed.
    /// </summary>
    public int MaxUnassociatedConnections { get; set; } = 256;

    /// <summary>ARTIM: how long a new connection may take to send A-ASSOCIATE-RQ before it is closed.</summary>
    public TimeSpan ArtimTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>An association that sends nothing for this long is aborted.</summary>
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>DICOM peers that export tasks send to, by the name workflows use; more can be added through the API.</summary>
    public List<DicomDestinationOptions> Destinations { get; set; } = [];

    public DicomExportOptions Export { get; set; } = new();
}
