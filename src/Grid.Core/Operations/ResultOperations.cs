using System.Runtime.CompilerServices;
using Grid.Core.Model;
using Grid.Core.Storage;

namespace Grid.Core.Operations;

/// <summary>Creating results, moving their data in and out, and waiting for them.</summary>
public sealed class ResultOperations(GridStorage storage, ResultCompletion completion, GridLimits limits, TimeProvider clock)
{
    /// <summary>Creates results without data. <paramref name="createdBy"/> is the running task that asks, if any.</summary>
    public async Task<IReadOnlyList<ResultRecord>> CreateMetadataAsync(string sessionId, IReadOnlyList<string> names, TaskRecord? createdBy, CancellationToken cancellationToken)
    {
        await CheckCreationAsync(sessionId, names, createdBy, cancellationToken).ConfigureAwait(false);
        var now = clock.GetUtcNow().UtcDateTime;
        var results = names.Select(name => NewResult(sessionId, name, ResultState.Created, 0, createdBy, now)).ToList();
        await storage.Results.CreateAsync(results, cancellationToken).ConfigureAwait(false);
        return results;
    }

    /// <summary>Creates completed results from small inline data: the data is stored before the records exist.</summary>
    public async Task<IReadOnlyList<ResultRecord>> CreateWithDataAsync(
        string sessionId, IReadOnlyList<(string Name, ReadOnlyMemory<byte> Data)> items, TaskRecord? createdBy, CancellationToken cancellationToken)
    {
        for (var i = 0; i < items.Count; i++)
            if (items[i].Data.Length > limits.MaxInlineDataSize)
                throw GridException.ResourceExhausted($"results[{i}].data", $"{items[i].Data.Length} bytes exceed the inline limit of {limits.MaxInlineDataSize} ({GridLimits.Setting(nameof(GridLimits.MaxInlineDataSize))}); upload it instead");
        var now = clock.GetUtcNow().UtcDateTime;
        var results = items.Select(i => NewResult(sessionId, i.Name, ResultState.Completed, i.Data.Length, createdBy, now) with { CompletedAt = now }).ToList();
        // The data is written while the session is checked (one wait instead of two), and removed if the check refuses.
        var checking = CheckCreationAsync(sessionId, items.Select(i => i.Name).ToList(), createdBy, cancellationToken);
        var writing = Parallel.ForEachAsync(Enumerable.Range(0, items.Count), cancellationToken, async (i, ct) =>
            await storage.Objects.WriteAsync(results[i].ResultId, Single(items[i].Data), ct).ConfigureAwait(false));
        try
        {
            await Task.WhenAll(checking, writing).ConfigureAwait(false); // the check's error first, if any
        }
        catch when (checking.IsFaulted || checking.IsCanceled)
        {
            await storage.Objects.DeleteAsync(results.Select(r => r.ResultId).ToList(), CancellationToken.None).ConfigureAwait(false);
            throw;
        }
        await storage.Results.CreateAsync(results, cancellationToken).ConfigureAwait(false);
        return results;
    }

    /// <summary>
    /// Stores the data of a result that no task owns, then completes it. If the stream fails or ends
    /// with another size than announced, nothing is stored and the result stays as it was.
    /// </summary>
    public async Task<ResultRecord> UploadAsync(string sessionId, string resultId, long? expectedSize, IAsyncEnumerable<ReadOnlyMemory<byte>> chunks, CancellationToken cancellationToken)
    {
        var result = await GetAsync(sessionId, resultId, cancellationToken).ConfigureAwait(false);
        if (result.OwnerTaskId is not null)
            throw GridException.FailedPrecondition($"result '{resultId}' is an expected output of task '{result.OwnerTaskId}': only that task writes it");
        if (result.Status != ResultState.Created)
            throw GridException.FailedPrecondition($"result '{resultId}' is {result.Status}: its data can no longer be written");
        var size = await storage.Objects.WriteAsync(resultId, Checked(chunks, resultId, expectedSize, cancellationToken), cancellationToken).ConfigureAwait(false);
        await completion.CompleteAsync([(resultId, size)], cancellationToken).ConfigureAwait(false);
        return await GetAsync(sessionId, resultId, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The data of a completed result, in chunks.</summary>
    /// <remarks>
    /// The first chunk is asked for while the record is checked, one round trip less on the way of every download;
    /// nothing read is handed out unless the check passes.
    /// </remarks>
    public async Task<IAsyncEnumerable<ReadOnlyMemory<byte>>> DownloadAsync(string sessionId, string resultId, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(resultId)) throw GridException.InvalidArgument("result_id", "a result id is required");
        var data = storage.Objects.ReadAsync(resultId, limits.DownloadChunkSize, cancellationToken).GetAsyncEnumerator(cancellationToken);
        var first = data.MoveNextAsync().AsTask();
        try
        {
            var result = await GetAsync(sessionId, resultId, cancellationToken).ConfigureAwait(false);
            if (result.Status != ResultState.Completed)
                throw GridException.FailedPrecondition($"result '{resultId}' is {result.Status}: it has no data to download");
        }
        catch
        {
            try
            {
                await first.ConfigureAwait(false);
            }
            catch
            {
                // The read's outcome is not wanted: the check's error is the answer.
            }
            await data.DisposeAsync().ConfigureAwait(false);
            throw;
        }
        return Remaining(data, first);
    }

    private static async IAsyncEnumerable<ReadOnlyMemory<byte>> Remaining(IAsyncEnumerator<ReadOnlyMemory<byte>> data, Task<bool> first)
    {
        await using (data.ConfigureAwait(false))
        {
            if (!await first.ConfigureAwait(false)) yield break;
            yield return data.Current;
            while (await data.MoveNextAsync().ConfigureAwait(false)) yield return data.Current;
        }
    }

    public async Task<ResultRecord> GetAsync(string sessionId, string resultId, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(resultId)) throw GridException.InvalidArgument("result_id", "a result id is required");
        var found = await storage.Results.GetManyAsync([resultId], cancellationToken).ConfigureAwait(false);
        if (found.Count == 0 || (sessionId.Length > 0 && found[0].SessionId != sessionId))
            throw GridException.NotFound($"result '{resultId}' does not exist in session '{sessionId}'");
        return found[0];
    }

    /// <summary>Deletes the data of completed results. A result already deleted is left as it is, and listed as deleted.</summary>
    public async Task<IReadOnlyList<string>> DeleteDataAsync(string sessionId, IReadOnlyList<string> resultIds, CancellationToken cancellationToken)
    {
        await SessionChecks.GetAsync(storage, sessionId, cancellationToken).ConfigureAwait(false);
        RequestedIds.EnsureAtMost(resultIds, "result_ids", limits.MaxResultsPerBatch, nameof(GridLimits.MaxResultsPerBatch));
        var requested = RequestedIds.Distinct(resultIds, "result_ids");
        var found = (await storage.Results.GetManyAsync(requested.Select(r => r.Id).ToList(), cancellationToken).ConfigureAwait(false)).ToDictionary(r => r.ResultId);
        foreach (var (id, i) in requested)
        {
            if (!found.TryGetValue(id, out var result) || result.SessionId != sessionId)
                throw GridException.NotFound($"result_ids[{i}]: result '{id}' does not exist in session '{sessionId}'");
            if (result.Status is not (ResultState.Completed or ResultState.Deleted))
                throw GridException.FailedPrecondition($"result_ids[{i}]: result '{id}' is {result.Status}: only completed data can be deleted");
        }
        var now = clock.GetUtcNow().UtcDateTime;
        var deleted = await storage.Results.TransitionAsync(
            requested.Where(r => found[r.Id].Status == ResultState.Completed)
                .Select(r => new ResultTransition(r.Id, ResultState.Completed, ResultState.Deleted, now)).ToList(), cancellationToken).ConfigureAwait(false);
        await storage.Objects.DeleteAsync(deleted.Select(r => r.ResultId).ToList(), cancellationToken).ConfigureAwait(false);
        await storage.Events.AppendAsync(deleted.Select(r => GridEvent.ForResultStatus(r, now)).ToList(), cancellationToken).ConfigureAwait(false);
        var alreadyDeleted = requested.Where(r => found[r.Id].Status == ResultState.Deleted).Select(r => r.Id);
        return deleted.Select(r => r.ResultId).Concat(alreadyDeleted).ToList();
    }

    /// <summary>
    /// Yields the results as they become final (completed or aborted), in batches, until all are; a result named twice
    /// is waited for and yielded once. The first batch holds those already final. Follows the session's event log, so it sees
    /// completions made by any agent or replica.
    /// </summary>
    public async IAsyncEnumerable<IReadOnlyList<ResultRecord>> WaitAsync(string sessionId, IReadOnlyList<string> resultIds, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await SessionChecks.GetAsync(storage, sessionId, cancellationToken).ConfigureAwait(false);
        if (resultIds.Count == 0) throw GridException.InvalidArgument("result_ids", "at least one result is required");
        // No count limit: the message size bounds the list (the client SDK sends up to 100,000 ids a call).
        var requested = RequestedIds.Distinct(resultIds, "result_ids");
        // Take the log position first: anything that completes after our read shows up in the log.
        var position = await storage.Events.LastSequenceAsync(sessionId, cancellationToken).ConfigureAwait(false);
        var found = (await storage.Results.GetManyAsync(requested.Select(r => r.Id).ToList(), cancellationToken).ConfigureAwait(false)).ToDictionary(r => r.ResultId);
        foreach (var (id, i) in requested)
            if (!found.TryGetValue(id, out var r) || r.SessionId != sessionId)
                throw GridException.NotFound($"result_ids[{i}]: result '{id}' does not exist in session '{sessionId}'");

        var waiting = found.Values.Where(r => !IsFinal(r.Status)).Select(r => r.ResultId).ToHashSet();
        var alreadyFinal = found.Values.Where(r => IsFinal(r.Status)).ToList();
        if (alreadyFinal.Count > 0) yield return alreadyFinal;

        while (waiting.Count > 0)
        {
            var events = await storage.Events.ReadAsync(sessionId, position, 10_000, cancellationToken).ConfigureAwait(false);
            if (events.Count == 0)
            {
                await storage.Events.WaitForEventsAsync(sessionId, position, cancellationToken).ConfigureAwait(false);
                continue;
            }
            position = events[^1].Sequence;
            var batch = new List<ResultRecord>();
            foreach (var e in events)
            {
                if (e.Kind != GridEventKind.ResultStatusChanged || !IsFinal((ResultState)e.Status) || !waiting.Remove(e.SubjectId)) continue;
                batch.Add(found[e.SubjectId] with { Status = (ResultState)e.Status });
            }
            if (batch.Count > 0) yield return batch;
        }
    }

    private static bool IsFinal(ResultState status) => status is not ResultState.Created;

    private async Task CheckCreationAsync(string sessionId, IReadOnlyList<string> names, TaskRecord? createdBy, CancellationToken cancellationToken)
    {
        var session = await SessionChecks.GetAsync(storage, sessionId, cancellationToken).ConfigureAwait(false);
        var accepts = createdBy is null ? session.AcceptsTasks : session.Status is SessionState.Running or SessionState.Paused or SessionState.Closed;
        if (!accepts) throw GridException.FailedPrecondition($"session '{sessionId}' is {session.Status}: it accepts no new result");
        if (names.Count == 0) throw GridException.InvalidArgument("results", "at least one result is required");
        if (names.Count > limits.MaxResultsPerBatch)
            throw GridException.ResourceExhausted("results", $"{names.Count} results exceed the limit of {limits.MaxResultsPerBatch} per request ({GridLimits.Setting(nameof(GridLimits.MaxResultsPerBatch))})");
        var seen = new Dictionary<string, int>();
        for (var i = 0; i < names.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(names[i])) throw GridException.InvalidArgument($"results[{i}].name", "a name is required");
            if (names[i].Length > 512) throw GridException.InvalidArgument($"results[{i}].name", "longer than 512 characters");
            if (!seen.TryAdd(names[i], i))
                throw GridException.InvalidArgument($"results[{i}].name", $"duplicate name '{names[i]}' (also results[{seen[names[i]]}].name)");
        }
    }

    private static ResultRecord NewResult(string sessionId, string name, ResultState status, long size, TaskRecord? createdBy, DateTime now) => new()
    {
        SessionId = sessionId,
        ResultId = GridIds.New(),
        Name = name,
        Status = status,
        Size = size,
        CreatedByTaskId = createdBy?.TaskId,
        CreatedAt = now,
    };

    private async IAsyncEnumerable<ReadOnlyMemory<byte>> Checked(
        IAsyncEnumerable<ReadOnlyMemory<byte>> chunks, string resultId, long? expectedSize, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        long total = 0;
        await foreach (var chunk in chunks.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            limits.CheckUploadChunk(chunk.Length);
            total += chunk.Length;
            if (total > expectedSize)
                throw GridException.InvalidArgument("data_chunk", $"upload of result '{resultId}' exceeds its announced size of {expectedSize} bytes");
            yield return chunk;
        }
        if (expectedSize is { } expected && total != expected)
            throw GridException.InvalidArgument("data_chunk", $"upload of result '{resultId}' ended after {total} of {expected} bytes: nothing was stored");
    }

    private static async IAsyncEnumerable<ReadOnlyMemory<byte>> Single(ReadOnlyMemory<byte> data)
    {
        yield return data;
        await Task.CompletedTask.ConfigureAwait(false);
    }
}
