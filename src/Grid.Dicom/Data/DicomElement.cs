namespace Grid.Dicom.Data;

/// <summary>An element with a plain value. Bytes are kept as encoded in little endian, padding included.</summary>
public sealed class DicomElement(DicomTag tag, DicomVR vr, byte[] value) : DicomAttribute(tag, vr)
{
    public byte[] Value { get; } = value;
}
