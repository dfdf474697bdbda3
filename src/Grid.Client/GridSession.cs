using Google.Protobuf;
using Grid.Api.V1;
using TaskStatus = Grid.Api.V1.TaskStatus;

namespace Grid.Client;

/// <summary>
/// One session of the grid seen from a client: create results, submit tasks, wait, download, watch events,
/// and change the session's status. A thin object: it holds the id and the client, nothing else.
/// </summary>
public sealed class GridSession
{
    internal GridSession(GridClient client, string sessionId)
    {
        Client = client;
        SessionId = sessionId;
    }

    public string SessionId { get; }
    public GridClient Client { get; }

    /// <summary>Creates result records without data (expected outputs); returns their ids in the order of <paramref name="names"/>.</summary>
    public async Task<IReadOnlyList<string>> CreateResultsAsync(IEnumerable<string> names, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(names);
        var ids = new List<string>();
        foreach (var batch in Batches.Split(names, name => Batches.FieldSize(Batches.FieldSize(name.Length * 3))))
        {
            var request = new CreateResultsMetadataRequest { SessionId = SessionId };
            request.Results.Add(batch.Select(name => new CreateResultsMetadataRequest.Types.ResultCreation { Name = name }));
            var response = await Client.Results.CreateResultsMetadataAsync(request, Client.CallOptions(ct)).ConfigureAwait(false);
            AddIds(ids, response.Results, batch.Count);
        }
        return ids;
    }

    /// <summary>Creates completed results from small inline data; returns their ids in order. Batched by count and by bytes.</summary>
    public async Task<IReadOnlyList<string>> CreateResultsWithDataAsync(IEnumerable<(string Name, ReadOnlyMemory<byte> Data)> items, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(items);
        var ids = new List<string>();
        foreach (var batch in Batches.Split(items, item => Batches.FieldSize(Batches.FieldSize(item.Name.Length * 3) + Batches.FieldSize(item.Data.Length))))
        {
            var request = new CreateResultsRequest { SessionId = SessionId };
            request.Results.Add(batch.Select(item => new CreateResultsRequest.Types.ResultCreation { Name = item.Name, Data = ByteString.CopyFrom(item.Data.Span) }));
            var response = await Client.Results.CreateResultsAsync(request, Client.CallOptions(ct)).ConfigureAwait(false);
            AddIds(ids, response.Results, batch.Count);
        }
        return ids;
    }

    /// <summary>Streams <paramref name="data"/> from its current position into a result, in chunks; never holds it whole.</summary>
    public Task UploadAsync(string resultId, Stream data, CancellationToken ct = default) =>
        ResultTransfer.UploadAsync(Client, SessionId, resultId, data, ct);

    /// <summary>Streams the data of a completed result into <paramref name="destination"/>.</summary>
    public Task DownloadAsync(string resultId, Stream destination, CancellationToken ct = default) =>
        ResultTransfer.DownloadAsync(Client, SessionId, resultId, destination, ct);

    /// <summary>The data of a completed result, in memory.</summary>
    public Task<byte[]> DownloadAsync(string resultId, CancellationToken ct = default) =>
        ResultTransfer.DownloadAsync(Client, SessionId, resultId, ct);

    /// <summary>
    /// Submits tasks in batches of at most 10,000 (each batch is atomic on the server); <paramref name="batchOptions"/>
    /// are the defaults of every batch. Returns the submitted tasks in order.
    /// </summary>
    public async Task<IReadOnlyList<SubmitTasksResponse.Types.SubmittedTask>> SubmitAsync(IEnumerable<TaskCreation> tasks, TaskOptions? batchOptions = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(tasks);
        var submitted = new List<SubmitTasksResponse.Types.SubmittedTask>();
        foreach (var batch in Batches.Split(tasks, task => Batches.FieldSize(task.CalculateSize())))
        {
            var request = new SubmitTasksRequest { SessionId = SessionId, Options = batchOptions };
            request.Tasks.Add(batch);
            var response = await Client.Tasks.SubmitTasksAsync(request, Client.CallOptions(ct)).ConfigureAwait(false);
            if (response.Tasks.Count != batch.Count)
                throw new InvalidOperationException($"SubmitTasks accepted {response.Tasks.Count} tasks of a batch of {batch.Count}");
            submitted.AddRange(response.Tasks);
        }
        return submitted;
    }

    /// <summary>Waits until every result is final (completed or aborted) and returns the final statuses.</summary>
    public Task<IReadOnlyDictionary<string, ResultStatus>> WaitAsync(IEnumerable<string> resultIds, CancellationToken ct = default) =>
        ResultWaiter.WaitAsync(Client, SessionId, resultIds, ct);

    public async Task PauseAsync(CancellationToken ct = default) =>
        await Client.Sessions.PauseSessionAsync(new PauseSessionRequest { SessionId = SessionId }, Client.CallOptions(ct)).ConfigureAwait(false);

    public async Task ResumeAsync(CancellationToken ct = default) =>
        await Client.Sessions.ResumeSessionAsync(new ResumeSessionRequest { SessionId = SessionId }, Client.CallOptions(ct)).ConfigureAwait(false);

    public async Task CloseAsync(CancellationToken ct = default) =>
        await Client.Sessions.CloseSessionAsync(new CloseSessionRequest { SessionId = SessionId }, Client.CallOptions(ct)).ConfigureAwait(false);

    public async Task CancelAsync(CancellationToken ct = default) =>
        await Client.Sessions.CancelSessionAsync(new CancelSessionRequest { SessionId = SessionId }, Client.CallOptions(ct)).ConfigureAwait(false);

    /// <summary>Number of tasks of the session in each status (statuses without tasks may be absent).</summary>
    public async Task<IReadOnlyDictionary<TaskStatus, long>> CountTasksAsync(CancellationToken ct = default)
    {
        var request = new CountTasksByStatusRequest { Filter = new TaskFilter { SessionId = SessionId } };
        var response = await Client.Tasks.CountTasksByStatusAsync(request, Client.CallOptions(ct)).ConfigureAwait(false);
        var counts = new Dictionary<TaskStatus, long>();
        foreach (var count in response.Counts)
            counts[count.Status] = counts.GetValueOrDefault(count.Status) + count.Count;
        return counts;
    }

    /// <summary>
    /// The events of the session after <paramref name="afterSequence"/>, until <paramref name="ct"/> is cancelled.
    /// A dropped connection is resumed from the last sequence seen: no gap, no duplicate.
    /// </summary>
    public IAsyncEnumerable<GetEventsResponse> WatchEventsAsync(ulong afterSequence = 0, CancellationToken ct = default) =>
        EventWatcher.WatchAsync(Client, SessionId, afterSequence, ct);

    private static void AddIds(List<string> ids, IReadOnlyCollection<Result> created, int expected)
    {
        if (created.Count != expected)
            throw new InvalidOperationException($"the grid created {created.Count} results of a batch of {expected}");
        ids.AddRange(created.Select(r => r.ResultId));
    }
}
