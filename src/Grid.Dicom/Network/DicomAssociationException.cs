namespace Grid.Dicom.Network;

/// <summary>An association could not be established or ended abnormally.</summary>
public class DicomAssociationException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>The provider answered A-ASSOCIATE-RJ.</summary>
public sealed class DicomAssociationRejectedException(AssociateReject reject)
    : DicomAssociationException($"Association rejected: result {reject.Result}, source {reject.Source}, reason {reject.Reason}.")
{
    public AssociateReject Reject { get; } = reject;
}

/// <summary>The peer sent A-ABORT, or we aborted after a protocol error.</summary>
public sealed class DicomAssociationAbortedException(AbortSource source, AbortReason reason, string? detail = null)
    : DicomAssociationException($"Association aborted by {source}: {reason}.{(detail is null ? "" : " " + detail)}")
{
    public AbortSource AbortSource { get; } = source;
    public AbortReason AbortReason { get; } = reason;
}
