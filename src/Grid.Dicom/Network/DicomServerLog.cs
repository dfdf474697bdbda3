using System.Net;
using Microsoft.Extensions.Logging;

namespace Grid.Dicom.Network;

/// <summary>What a <see cref="DicomServer"/> logs about its connections: who, from where, and why it ended badly.</summary>
internal static partial class DicomServerLog
{
    [LoggerMessage(EventId = 4001, Level = LogLevel.Warning,
        Message = "DICOM association from {CallingAeTitle} at {Remote} to {CalledAeTitle} rejected: {Reason}")]
    public static partial void Rejected(ILogger logger, string callingAeTitle, EndPoint? remote, string calledAeTitle, string reason);

    [LoggerMessage(EventId = 4002, Level = LogLevel.Warning,
        Message = "DICOM connection from {Remote} (calling AE {CallingAeTitle}) aborted for a protocol error: {Problem}")]
    public static partial void ProtocolAbort(ILogger logger, EndPoint? remote, string callingAeTitle, string problem);

    [LoggerMessage(EventId = 4003, Level = LogLevel.Information,
        Message = "DICOM connection from {Remote} closed: no A-ASSOCIATE-RQ within {Timeout}")]
    public static partial void NoAssociateRequest(ILogger logger, EndPoint? remote, TimeSpan timeout);

    [LoggerMessage(EventId = 4004, Level = LogLevel.Warning,
        Message = "DICOM association from {CallingAeTitle} at {Remote} aborted: nothing received for {Timeout}")]
    public static partial void IdleAbort(ILogger logger, string callingAeTitle, EndPoint? remote, TimeSpan timeout);

    [LoggerMessage(EventId = 4005, Level = LogLevel.Information,
        Message = "DICOM association from {CallingAeTitle} at {Remote} aborted by the peer (source {Source}, reason {Reason})")]
    public static partial void PeerAbort(ILogger logger, string callingAeTitle, EndPoint? remote, AbortSource source, AbortReason reason);

    [LoggerMessage(EventId = 4006, Level = LogLevel.Information,
        Message = "DICOM connection from {Remote} closed before associating, to make room for newer connections (more than {Limit} were waiting to associate)")]
    public static partial void UnassociatedEvicted(ILogger logger, EndPoint? remote, int limit);

    [LoggerMessage(EventId = 4007, Level = LogLevel.Information,
        Message = "DICOM connection from {Remote} (calling AE {CallingAeTitle}) dropped by the peer: {Problem}")]
    public static partial void ConnectionLost(ILogger logger, EndPoint? remote, string callingAeTitle, string problem);
}
