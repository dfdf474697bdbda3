namespace Grid.Workflows.Dicom.Export;

/// <summary>How exports to DICOM destinations associate and retry (<c>Grid:Workflows:Dicom:Export</c>).</summary>
public sealed class DicomExportOptions
{
    public string CallingAeTitle { get; set; } = "GRID";

    /// <summary>Associations tried per export before the files not yet sent are marked failed.</summary>
    public int MaxAttempts { get; set; } = 5;

    /// <summary>Wait after the first failed association; doubled after each further one, up to <see cref="MaxBackoff"/>.</summary>
    public TimeSpan InitialBackoff { get; set; } = TimeSpan.FromSeconds(2);

    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromMinutes(1);

    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How long a C-STORE response (and A-ASSOCIATE-AC) may take.</summary>
    public TimeSpan ResponseTimeout { get; set; } = TimeSpan.FromMinutes(1);
}
