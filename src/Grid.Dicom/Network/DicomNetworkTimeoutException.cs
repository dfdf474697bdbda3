namespace Grid.Dicom.Network;

/// <summary>The peer did not answer (or send anything) within the configured time.</summary>
public sealed class DicomNetworkTimeoutException(string message) : TimeoutException(message);
