using Microsoft.Extensions.Logging;

namespace Grid.Workflows.Dicom.Ingest;

/// <summary>The log lines of DICOM ingest about closing groups.</summary>
internal static partial class IngestLog
{
    [LoggerMessage(EventId = 4101, Level = LogLevel.Warning,
        Message = "DICOM group {GroupId} could not start its workflows because the grid cannot be reached now ({Error}); trying again in {Delay}")]
    public static partial void GroupStartRetried(ILogger logger, string groupId, TimeSpan delay, string error);

    [LoggerMessage(EventId = 4102, Level = LogLevel.Error,
        Message = "DICOM group {GroupId} (study {Study} from {Calling} to {Called}) could not start its workflows and is set aside in {Folder}: {Reason}. Trying again would fail the same way; move the folder back into the groups folder to try at the next start")]
    public static partial void GroupSetAside(ILogger logger, string groupId, string study, string calling, string called, string folder, string reason);

    [LoggerMessage(EventId = 4103, Level = LogLevel.Error,
        Message = "DICOM group {GroupId} could not start its workflows ({Reason}) and could not be set aside either ({Error}); it stays in the groups folder until the next start")]
    public static partial void GroupNotSetAside(ILogger logger, string groupId, string reason, string error);
}
