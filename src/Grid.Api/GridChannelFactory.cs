using Grpc.Net.Client;

namespace Grid.Api;

/// <summary>
/// Builds the gRPC channels of the grid's programs (client to control plane, agent to worker, worker to
/// agent): one channel per peer, shared by all calls to it.
/// </summary>
public static class GridChannelFactory
{
    /// <summary>Large enough for a full batch of 10,000 submitted tasks or created results in one response.</summary>
    private const int MaxMessageSize = 64 << 20;

    public static GrpcChannel Create(string address)
    {
        if (!Uri.TryCreate(address, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            throw new ArgumentException($"'{address}' is not an http:// or https:// address", nameof(address));

        // Plain-text HTTP/2 (h2c) to a local grid; harmless on runtimes that allow it already.
        AppContext.SetSwitch("System.Net.Http.SocketsHttpHandler.Http2UnencryptedSupport", true);

        var handler = new SocketsHttpHandler
        {
            // One HTTP/2 connection carries at most ~100 concurrent streams; open more instead of queueing.
            EnableMultipleHttp2Connections = true,
            PooledConnectionIdleTimeout = Timeout.InfiniteTimeSpan,
            KeepAlivePingDelay = TimeSpan.FromSeconds(60),
            KeepAlivePingTimeout = TimeSpan.FromSeconds(30),
            KeepAlivePingPolicy = HttpKeepAlivePingPolicy.WithActiveRequests,
        };
        return GrpcChannel.ForAddress(uri, new GrpcChannelOptions
        {
            HttpHandler = handler,
            DisposeHttpClient = true,
            MaxReceiveMessageSize = MaxMessageSize,
            MaxSendMessageSize = MaxMessageSize,
            // A peer on the same host or cluster that comes back (a restarted worker or control plane) is found again
            // within seconds, not after the default backoff of up to two minutes.
            MaxReconnectBackoff = TimeSpan.FromSeconds(5),
        });
    }
}
