namespace Grid.Dicom.Network;

/// <summary>
/// A received PDU: its type and the bytes after the 6-byte header. A P-DATA-TF body lives in the channel's receive
/// buffer and is valid only until the channel's next read.
/// </summary>
public sealed record Pdu(PduType Type, ReadOnlyMemory<byte> Body);
