using Grid.Api.V1;
using Grid.Client;
using Grpc.Core;

namespace Grid.Cli.Bench;

/// <summary>Frees what a finished benchmark session holds, so that runs do not pile up data in the grid.</summary>
public static class BenchSessions
{
    public static async Task ReleaseAsync(GridClient client, string sessionId, CancellationToken ct)
    {
        try
        {
            await client.Sessions.PurgeSessionAsync(new PurgeSessionRequest { SessionId = sessionId }, deadline: DateTime.UtcNow.AddMinutes(1), cancellationToken: ct);
        }
        catch (RpcException e) when (e.StatusCode is StatusCode.Unimplemented or StatusCode.FailedPrecondition)
        {
            // A grid that cannot purge yet keeps the data; the figures are not affected.
        }
    }
}
