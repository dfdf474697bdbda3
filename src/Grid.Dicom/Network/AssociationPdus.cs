namespace Grid.Dicom.Network;

/// <summary>The user information item (PS3.8 D.1, PS3.7 D.3.3.2): maximum length and implementation identity.</summary>
public sealed record UserInformation(uint MaxPduLength, string ImplementationClassUid, string? ImplementationVersionName);

public sealed record AssociateRequest(
    string CalledAeTitle,
    string CallingAeTitle,
    string ApplicationContext,
    IReadOnlyList<ProposedPresentationContext> PresentationContexts,
    UserInformation UserInformation,
    ushort ProtocolVersion = 1);

public sealed record AssociateAccept(
    string CalledAeTitle,
    string CallingAeTitle,
    string ApplicationContext,
    IReadOnlyList<NegotiatedPresentationContext> PresentationContexts,
    UserInformation UserInformation,
    ushort ProtocolVersion = 1);

public sealed record AssociateReject(RejectResult Result, RejectSource Source, byte Reason);

public sealed record AbortPdu(AbortSource Source, AbortReason Reason);

/// <summary>One presentation data value: a fragment of a DIMSE command or data set.</summary>
public sealed record PresentationDataValue(byte PresentationContextId, bool IsCommand, bool IsLast, ReadOnlyMemory<byte> Data);
