namespace Grid.Workflows.Dicom.Ingest;

public enum IngestGrouping
{
    /// <summary>One workflow trigger per study (Study Instance UID).</summary>
    Study,

    /// <summary>One workflow trigger per series (Series Instance UID).</summary>
    Series,
}

/// <summary>One AE title that receives instances (an entry of <c>Grid:Workflows:Dicom:AeTitles</c>).</summary>
public sealed class IngestAeTitleOptions
{
    /// <summary>The called AE title senders use; workflows whose informatics_gateway.ae_title is this one start.</summary>
    public string AeTitle { get; set; } = "";

    /// <summary>TCP port (0: any free port, for tests). AE titles may share a port.</summary>
    public int Port { get; set; } = 11112;

    public IngestGrouping Grouping { get; set; } = IngestGrouping.Study;

    /// <summary>A group closes when no instance of it arrived for this long (sliding).</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>When not empty, only these calling AE titles may send to this AE title.</summary>
    public List<string> AllowedCallingAeTitles { get; set; } = [];

    /// <summary>
    /// Storage SOP class UIDs accepted; empty: every storage SOP class of the standard. Verification is always accepted.
    /// </summary>
    public List<string> SopClasses { get; set; } = [];

    /// <summary>Transfer syntax UIDs accepted, in order of preference; empty: the provider's default list.</summary>
    public List<string> TransferSyntaxes { get; set; } = [];
}
