using Grid.Dicom.Data;

namespace Grid.Dicom.Network;

/// <summary>A DIMSE command set (group 0000), always encoded in implicit VR little endian (PS3.7 6.3.1).</summary>
public sealed class DimseCommand(DicomDataset dataset)
{
    /// <summary>Command Data Set Type value meaning "no data set follows".</summary>
    public const ushort NoDataSet = 0x0101;

    public DicomDataset Dataset { get; } = dataset;

    public DimseCommandField Field => (DimseCommandField)(Dataset.GetUInt16(DicomTags.CommandField)
        ?? throw new PduProtocolException(AbortReason.InvalidPduParameterValue, "Command without Command Field."));

    public ushort MessageId => Dataset.GetUInt16(DicomTags.MessageID) ?? 0;
    public ushort MessageIdBeingRespondedTo => Dataset.GetUInt16(DicomTags.MessageIDBeingRespondedTo) ?? 0;
    public bool HasDataSet => (Dataset.GetUInt16(DicomTags.CommandDataSetType) ?? NoDataSet) != NoDataSet;
    public ushort Status => Dataset.GetUInt16(DicomTags.Status) ?? 0xFFFF;
    public string AffectedSopClassUid => Dataset.GetString(DicomTags.AffectedSOPClassUID) ?? "";
    public string AffectedSopInstanceUid => Dataset.GetString(DicomTags.AffectedSOPInstanceUID) ?? "";

    public byte[] Encode()
    {
        Dataset.Set(new DicomElement(DicomTags.CommandGroupLength, DicomVR.UL, new byte[4]));
        using var buffer = new MemoryStream();
        new DicomDatasetWriter(buffer, DicomTransferSyntax.ImplicitVRLittleEndian).Write(Dataset);
        return buffer.ToArray();
    }

    public static DimseCommand Decode(byte[] bytes)
    {
        try
        {
            var dataset = new DicomDatasetReader(new DicomInputBuffer(new MemoryStream(bytes)), DicomTransferSyntax.ImplicitVRLittleEndian).Read();
            return new DimseCommand(dataset);
        }
        catch (DicomFormatException e)
        {
            throw new PduProtocolException(AbortReason.InvalidPduParameterValue, "Undecodable DIMSE command: " + e.Message);
        }
    }

    private static DimseCommand Create(DimseCommandField field, string sopClassUid, bool hasDataSet)
    {
        var ds = new DicomDataset();
        ds.SetString(DicomTags.AffectedSOPClassUID, sopClassUid);
        ds.SetUInt16(DicomTags.CommandField, (ushort)field);
        ds.SetUInt16(DicomTags.CommandDataSetType, hasDataSet ? (ushort)0x0000 : NoDataSet);
        return new DimseCommand(ds);
    }

    public static DimseCommand EchoRequest(ushort messageId)
    {
        var command = Create(DimseCommandField.CEchoRequest, DicomUids.Verification, false);
        command.Dataset.SetUInt16(DicomTags.MessageID, messageId);
        return command;
    }

    public static DimseCommand EchoResponse(DimseCommand request, ushort status)
    {
        var command = Create(DimseCommandField.CEchoResponse, DicomUids.Verification, false);
        command.Dataset.SetUInt16(DicomTags.MessageIDBeingRespondedTo, request.MessageId);
        command.Dataset.SetUInt16(DicomTags.Status, status);
        return command;
    }

    public static DimseCommand StoreRequest(ushort messageId, string sopClassUid, string sopInstanceUid, ushort priority = 0)
    {
        var command = Create(DimseCommandField.CStoreRequest, sopClassUid, true);
        command.Dataset.SetUInt16(DicomTags.MessageID, messageId);
        command.Dataset.SetUInt16(DicomTags.Priority, priority);
        command.Dataset.SetString(DicomTags.AffectedSOPInstanceUID, sopInstanceUid);
        return command;
    }

    public static DimseCommand StoreResponse(DimseCommand request, ushort status)
    {
        var command = Create(DimseCommandField.CStoreResponse, request.AffectedSopClassUid, false);
        command.Dataset.SetUInt16(DicomTags.MessageIDBeingRespondedTo, request.MessageId);
        command.Dataset.SetUInt16(DicomTags.Status, status);
        command.Dataset.SetString(DicomTags.AffectedSOPInstanceUID, request.AffectedSopInstanceUid);
        return command;
    }

    public static DimseCommand GenericResponse(DimseCommand request, ushort status)
    {
        var command = Create((DimseCommandField)((ushort)request.Field | 0x8000), request.AffectedSopClassUid, false);
        command.Dataset.SetUInt16(DicomTags.MessageIDBeingRespondedTo, request.MessageId);
        command.Dataset.SetUInt16(DicomTags.Status, status);
        return command;
    }
}
