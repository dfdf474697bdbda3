namespace Grid.Workflows.Dicom.Export;

/// <summary>A DICOM peer export tasks send to, by the name workflows give in <c>export_destinations</c>.</summary>
public sealed record DicomDestination(string Name, string AeTitle, string Host, int Port, bool FromConfiguration = false);
