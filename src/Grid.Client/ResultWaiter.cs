using Grid.Api.V1;

namespace Grid.Client;

/// <summary>Waits for results through WaitForResults streams, splitting very long id lists over concurrent calls.</summary>
internal static class ResultWaiter
{
    /// <summary>Most ids sent in one WaitForResults call.</summary>
    public const int MaxIdsPerCall = 100_000;

    public static async Task<IReadOnlyDictionary<string, ResultStatus>> WaitAsync(GridClient client, string sessionId, IEnumerable<string> resultIds, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(resultIds);
        var ids = resultIds.Distinct().ToList();
        if (ids.Count == 0)
            return new Dictionary<string, ResultStatus>();

        var parts = Batches.Split(ids, id => Batches.FieldSize(id.Length * 3), MaxIdsPerCall).ToList();
        if (parts.Count == 1)
            return await WaitOneCallAsync(client, sessionId, parts[0], ct).ConfigureAwait(false);

        // One failed call makes the whole wait fail: stop the others rather than leave them waiting.
        using var failed = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var calls = parts.Select(async part =>
        {
            try
            {
                return await WaitOneCallAsync(client, sessionId, part, failed.Token).ConfigureAwait(false);
            }
            catch
            {
                failed.Cancel();
                throw;
            }
        }).ToList();
        try
        {
            await Task.WhenAll(calls).ConfigureAwait(false);
        }
        catch
        {
            // Report the first real failure, not the cancellations it caused.
            var first = calls.FirstOrDefault(c => c.IsFaulted && c.Exception!.InnerException is not OperationCanceledException and not Grpc.Core.RpcException { StatusCode: Grpc.Core.StatusCode.Cancelled });
            if (first is not null)
                await first.ConfigureAwait(false);
            throw;
        }
        var statuses = new Dictionary<string, ResultStatus>(ids.Count);
        foreach (var call in calls)
            foreach (var (id, status) in call.Result)
                statuses[id] = status;
        return statuses;
    }

    /// <summary>
    /// Waits through one WaitForResults stream at a time; when a stream drops (the connection or the replica went
    /// away), calls again for the results not yet final.
    /// </summary>
    private static async Task<Dictionary<string, ResultStatus>> WaitOneCallAsync(GridClient client, string sessionId, List<string> ids, CancellationToken ct)
    {
        var statuses = new Dictionary<string, ResultStatus>(ids.Count);
        var drops = 0;
        while (true)
        {
            var request = new WaitForResultsRequest { SessionId = sessionId };
            request.ResultIds.Add(statuses.Count == 0 ? ids : ids.Where(id => !statuses.ContainsKey(id)));
            try
            {
                using var call = client.Results.WaitForResults(request, client.CallOptions(ct));
                while (await call.ResponseStream.MoveNext(ct).ConfigureAwait(false))
                {
                    drops = 0;
                    foreach (var change in call.ResponseStream.Current.Results)
                        statuses[change.ResultId] = change.Status;
                }
                break;
            }
            catch (Exception e) when (!ct.IsCancellationRequested && StreamDrops.IsDrop(e) && ++drops <= StreamDrops.MaxConsecutive)
            {
                await Task.Delay(StreamDrops.Backoff(drops), ct).ConfigureAwait(false);
            }
        }

        if (statuses.Count < ids.Count)
        {
            var missing = ids.First(id => !statuses.ContainsKey(id));
            throw new InvalidOperationException(
                $"WaitForResults ended with {ids.Count - statuses.Count} of {ids.Count} results not final (for example '{missing}')");
        }
        return statuses;
    }
}
