using System.Runtime.CompilerServices;
using Grid.Api.V1;
using Grpc.Core;

namespace Grid.Client;

/// <summary>
/// Follows the event stream of a session across dropped connections: after a drop it calls GetEvents again
/// with after_sequence = the last sequence it handed out, so the caller sees every event once, in order.
/// </summary>
internal static class EventWatcher
{
    public static async IAsyncEnumerable<GetEventsResponse> WatchAsync(GridClient client, string sessionId, ulong afterSequence, [EnumeratorCancellation] CancellationToken ct)
    {
        var last = afterSequence;
        var drops = 0;
        while (true)
        {
            ct.ThrowIfCancellationRequested();
            using (var call = client.Events.GetEvents(new GetEventsRequest { SessionId = sessionId, AfterSequence = last }, client.CallOptions(ct)))
            {
                while (true)
                {
                    var (next, outcome) = await ReadNextAsync(call.ResponseStream, ct).ConfigureAwait(false);
                    if (next is null)
                    {
                        if (outcome is not null)
                        {
                            // A deadline ends one connection, not the watch: reconnect at once.
                            if (outcome is RpcException { StatusCode: StatusCode.DeadlineExceeded })
                                break;
                            if (++drops > StreamDrops.MaxConsecutive)
                                throw outcome;
                        }
                        else if (++drops > StreamDrops.MaxConsecutive)
                        {
                            throw new InvalidOperationException($"the event stream of session '{sessionId}' keeps ending without events");
                        }
                        await Task.Delay(StreamDrops.Backoff(drops), ct).ConfigureAwait(false);
                        break;
                    }
                    drops = 0;
                    // The marker that the backlog was sent is not an event; every reconnection sends one.
                    if (next.EventCase == GetEventsResponse.EventOneofCase.CaughtUp || next.Sequence <= last)
                        continue;
                    last = next.Sequence;
                    yield return next;
                }
            }
        }
    }

    /// <summary>The next event; or null and the exception of a drop that calls for a reconnection; or null and null when the server ended the stream.</summary>
    private static async Task<(GetEventsResponse? Next, Exception? Drop)> ReadNextAsync(IAsyncStreamReader<GetEventsResponse> stream, CancellationToken ct)
    {
        try
        {
            return await stream.MoveNext(ct).ConfigureAwait(false) ? (stream.Current, null) : (null, null);
        }
        catch (Exception e) when (!ct.IsCancellationRequested && StreamDrops.IsDrop(e))
        {
            return (null, e);
        }
    }
}
