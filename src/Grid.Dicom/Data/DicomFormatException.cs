namespace Grid.Dicom.Data;

/// <summary>The bytes do not form a valid DICOM encoding (or end too early).</summary>
public sealed class DicomFormatException(string message) : Exception(message);
