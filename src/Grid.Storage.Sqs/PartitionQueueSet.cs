using Amazon.SQS;
using Amazon.SQS.Model;

namespace Grid.Storage.Sqs;

/// <summary>
/// The priority queues of one partition that exist on the server. A queue is created when the first message
/// of its priority is sent; a consumer learns of queues created elsewhere by listing them again.
/// </summary>
internal sealed class PartitionQueueSet(IAmazonSQS client, string partitionPrefix)
{
    private readonly Lock _lock = new();
    private readonly SortedDictionary<int, string> _urlByPriority = new(Comparer<int>.Create((a, b) => b.CompareTo(a)));
    private readonly Dictionary<int, Task<string>> _creating = [];
    private TaskCompletionSource _changed = NewSignal();
    private DateTime _listedAt = DateTime.MinValue;

    /// <summary>Completes when a queue is added to the set.</summary>
    public Task Changed
    {
        get { lock (_lock) return _changed.Task; }
    }

    /// <summary>The queue of a priority, created if it does not exist yet.</summary>
    public async Task<string> UrlOfAsync(int priority, CancellationToken cancellationToken)
    {
        Task<string> creating;
        lock (_lock)
        {
            if (_urlByPriority.TryGetValue(priority, out var known)) return known;
            if (!_creating.TryGetValue(priority, out creating!))
                _creating[priority] = creating = CreateAsync(priority);
        }
        try
        {
            return await creating.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            if (creating.IsFaulted)
                lock (_lock) _creating.Remove(priority);
        }
    }

    /// <summary>The known queues, highest priority first, listed again if the last listing is older than <paramref name="maxAge"/>.</summary>
    public async Task<IReadOnlyList<(int Priority, string Url)>> QueuesAsync(TimeSpan maxAge, CancellationToken cancellationToken)
    {
        bool stale;
        lock (_lock) stale = DateTime.UtcNow - _listedAt > maxAge;
        if (stale) await ListAsync(cancellationToken).ConfigureAwait(false);
        lock (_lock) return _urlByPriority.Select(p => (p.Key, p.Value)).ToList();
    }

    private async Task<string> CreateAsync(int priority)
    {
        // No attributes: a queue made by another version with other attributes would make CreateQueue fail.
        // The visibility timeout is given on every receive instead.
        var response = await client.CreateQueueAsync(new CreateQueueRequest { QueueName = partitionPrefix + priority }).ConfigureAwait(false);
        Add(priority, response.QueueUrl);
        return response.QueueUrl;
    }

    private async Task ListAsync(CancellationToken cancellationToken)
    {
        var found = new List<(int, string)>();
        string? next = null;
        do
        {
            var response = await client.ListQueuesAsync(new ListQueuesRequest { QueueNamePrefix = partitionPrefix, MaxResults = 1000, NextToken = next }, cancellationToken).ConfigureAwait(false);
            foreach (var url in response.QueueUrls ?? [])
            {
                if (SqsQueueNames.TryParsePriority(url[(url.LastIndexOf('/') + 1)..], partitionPrefix, out var priority))
                    found.Add((priority, url));
            }
            next = response.NextToken;
        } while (!string.IsNullOrEmpty(next));

        foreach (var (priority, url) in found) Add(priority, url);
        lock (_lock) _listedAt = DateTime.UtcNow;
    }

    private void Add(int priority, string url)
    {
        TaskCompletionSource? changed = null;
        lock (_lock)
        {
            if (_urlByPriority.TryAdd(priority, url))
            {
                changed = _changed;
                _changed = NewSignal();
            }
        }
        changed?.TrySetResult();
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
