namespace Grid.Dicom.Network;

/// <summary>A received PDU: its type and the bytes after the 6-byte header.</summary>
public sealed record Pdu(PduType Type, byte[] Body);
