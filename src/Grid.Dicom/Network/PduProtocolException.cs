namespace Grid.Dicom.Network;

/// <summary>The peer broke the upper layer protocol; the association is to be aborted with <see cref="Reason"/>.</summary>
public sealed class PduProtocolException(AbortReason reason, string message) : Exception(message)
{
    public AbortReason Reason { get; } = reason;
}
