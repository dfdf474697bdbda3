using System.Data.Common;
using System.Net.Sockets;

namespace Grid.Core.Api;

/// <summary>
/// Recognises a failure to reach a storage server (restarting, out of reach), whatever its driver: worth
/// calling again, unlike a bug. Grid.Core knows no driver, so Redis's connection errors are named by type.
/// </summary>
public static class StorageOutage
{
    public static bool Is(Exception e)
    {
        for (Exception? current = e; current is not null; current = current.InnerException)
        {
            if (current is DbException { IsTransient: true } or SocketException or IOException or TimeoutException) return true;
            if (current.GetType().FullName is "StackExchange.Redis.RedisConnectionException" or "StackExchange.Redis.RedisTimeoutException") return true;
            if (current.GetType().Namespace == "RabbitMQ.Client.Exceptions") return true;
        }
        return false;
    }
}
