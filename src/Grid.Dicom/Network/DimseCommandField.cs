namespace Grid.Dicom.Network;

/// <summary>Command Field (0000,0100) values (PS3.7 E.1).</summary>
public enum DimseCommandField : ushort
{
    CStoreRequest = 0x0001,
    CStoreResponse = 0x8001,
    CEchoRequest = 0x0030,
    CEchoResponse = 0x8030,
}
