using Microsoft.Extensions.Logging;

namespace Grid.Storage.RabbitMQ;

internal static partial class RabbitMqLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Warning, Message = "RabbitMQ connection to {Broker} closed ({Reason}): waiting up to {ReconnectAfter} for it to recover before opening a new one")]
    public static partial void ConnectionLost(ILogger logger, string broker, string reason, TimeSpan reconnectAfter);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "RabbitMQ connection to {Broker} recovered after {Downtime}")]
    public static partial void ConnectionRecovered(ILogger logger, string broker, TimeSpan downtime);

    [LoggerMessage(EventId = 3, Level = LogLevel.Warning, Message = "RabbitMQ connection to {Broker} did not recover within {ReconnectAfter} (closed for {Downtime}): replaced it with a new connection")]
    public static partial void ConnectionReplaced(ILogger logger, string broker, TimeSpan reconnectAfter, TimeSpan downtime);

    [LoggerMessage(EventId = 4, Level = LogLevel.Warning, Message = "RabbitMQ connection to {Broker} closed for {Downtime}: opening a new one failed ({Error}), trying again in {Delay}")]
    public static partial void ReconnectFailed(ILogger logger, string broker, TimeSpan downtime, string error, TimeSpan delay);
}
