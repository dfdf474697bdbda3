namespace Grid.Workflows.Dicom.Export;

/// <summary>An entry of <c>Grid:Workflows:Dicom:Destinations</c>.</summary>
public sealed class DicomDestinationOptions
{
    public string Name { get; set; } = "";
    public string AeTitle { get; set; } = "";
    public string Host { get; set; } = "";
    public int Port { get; set; } = 104;
}
