using Microsoft.Extensions.Logging;

namespace Grid.Workflows.Kubernetes;

internal static partial class KubernetesLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "The API server answered {Method} {Path} with {Status}: trying again in {Delay} ({Retry} of {MaxRetries})")]
    public static partial void ApiRequestRetried(ILogger logger, string method, string? path, int status, TimeSpan delay, int retry, int maxRetries);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "Task {TaskId}: created {What} in namespace {Namespace}")]
    public static partial void Created(ILogger logger, string taskId, string what, string @namespace);

    [LoggerMessage(EventId = 3, Level = LogLevel.Information, Message = "Task {TaskId}: {What} already exists (an earlier try created it): watching it")]
    public static partial void Adopted(ILogger logger, string taskId, string what);

    [LoggerMessage(EventId = 4, Level = LogLevel.Debug, Message = "Watch of {What} ended: resuming from resource version {ResourceVersion}")]
    public static partial void WatchResumed(ILogger logger, string what, string resourceVersion);

    [LoggerMessage(EventId = 5, Level = LogLevel.Information, Message = "Watch of {What} dropped ({Error}): resuming from resource version {ResourceVersion} in {Delay}")]
    public static partial void WatchDropped(ILogger logger, string what, string error, string resourceVersion, TimeSpan delay);

    [LoggerMessage(EventId = 6, Level = LogLevel.Information, Message = "Watch of {What} is too far behind (resource version {ResourceVersion} is gone): listing again")]
    public static partial void WatchExpired(ILogger logger, string what, string resourceVersion);

    [LoggerMessage(EventId = 7, Level = LogLevel.Information, Message = "Task {TaskId}: {What} finished: {Phase}")]
    public static partial void Finished(ILogger logger, string taskId, string what, string phase);

    [LoggerMessage(EventId = 8, Level = LogLevel.Information, Message = "Task {TaskId} stopped (timed out or cancelled): deleted {What}")]
    public static partial void DeletedOnStop(ILogger logger, string taskId, string what);

    [LoggerMessage(EventId = 9, Level = LogLevel.Warning, Message = "Task {TaskId} stopped (timed out or cancelled) but {What} could not be deleted: {Error}")]
    public static partial void DeleteOnStopFailed(ILogger logger, string taskId, string what, string error);
}
