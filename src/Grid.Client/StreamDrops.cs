using System.Net.Http;
using Grpc.Core;

namespace Grid.Client;

/// <summary>What counts as a dropped stream (the connection or the replica went away) and how long to wait before calling again.</summary>
internal static class StreamDrops
{
    /// <summary>Consecutive failed connections (with nothing received in between) before giving up.</summary>
    public const int MaxConsecutive = 10;
    private static readonly TimeSpan FirstBackoff = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(2);

    public static bool IsDrop(Exception e) => e switch
    {
        RpcException { StatusCode: StatusCode.Unavailable or StatusCode.Internal or StatusCode.DeadlineExceeded } => true,
        IOException or HttpRequestException => true,
        _ => false,
    };

    public static TimeSpan Backoff(int drops) =>
        TimeSpan.FromTicks(Math.Min(MaxBackoff.Ticks, FirstBackoff.Ticks << Math.Min(drops - 1, 10)));
}
