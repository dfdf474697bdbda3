using Grid.Core.Model;

namespace Grid.Core.Storage.InMemory;

public sealed class InMemoryResultTable : IResultTable
{
    private readonly Dictionary<string, ResultRecord> _results = new();
    private readonly Dictionary<string, List<string>> _bySession = new();
    private readonly Lock _lock = new();

    public Task CreateAsync(IReadOnlyCollection<ResultRecord> results, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            foreach (var result in results)
                if (_results.ContainsKey(result.ResultId))
                    throw new GridException(GridErrorCode.AlreadyExists, $"result '{result.ResultId}' already exists");
            foreach (var result in results)
            {
                _results.Add(result.ResultId, result);
                if (!_bySession.TryGetValue(result.SessionId, out var ids)) _bySession[result.SessionId] = ids = [];
                ids.Add(result.ResultId);
            }
        }
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<ResultRecord>> GetManyAsync(IReadOnlyCollection<string> resultIds, CancellationToken cancellationToken)
    {
        var found = new List<ResultRecord>(resultIds.Count);
        lock (_lock)
        {
            foreach (var id in resultIds)
                if (_results.TryGetValue(id, out var result)) found.Add(result);
        }
        return Task.FromResult<IReadOnlyList<ResultRecord>>(found);
    }

    public Task<Page<ResultRecord>> ListAsync(ResultFilter filter, PageQuery<ResultSort> page, CancellationToken cancellationToken)
    {
        List<ResultRecord> matching;
        lock (_lock)
        {
            IEnumerable<ResultRecord> candidates = filter.SessionId is null
                ? _results.Values
                : _bySession.GetValueOrDefault(filter.SessionId, []).Select(id => _results[id]);
            matching = candidates.Where(r =>
                (filter.Statuses.Count == 0 || filter.Statuses.Contains(r.Status)) &&
                (filter.Name is null || r.Name == filter.Name) &&
                (filter.OwnerTaskId is null || r.OwnerTaskId == filter.OwnerTaskId)).ToList();
        }
        return Task.FromResult(Paging.Apply(matching, page, sort => sort switch
        {
            ResultSort.Name => r => r.Name,
            ResultSort.Status => r => r.Status,
            ResultSort.Size => r => r.Size,
            _ => r => r.CreatedAt,
        }));
    }

    public Task SetOwnersAsync(IReadOnlyCollection<(string ResultId, string OwnerTaskId)> owners, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            foreach (var (resultId, owner) in owners)
                if (_results.TryGetValue(resultId, out var result))
                    _results[resultId] = result with { OwnerTaskId = owner };
        }
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<ResultRecord>> TransitionAsync(IReadOnlyCollection<ResultTransition> transitions, CancellationToken cancellationToken)
    {
        var changed = new List<ResultRecord>(transitions.Count);
        lock (_lock)
        {
            foreach (var transition in transitions)
            {
                if (!_results.TryGetValue(transition.ResultId, out var result) || result.Status != transition.From) continue;
                var updated = transition.Apply(result);
                _results[transition.ResultId] = updated;
                changed.Add(updated);
            }
        }
        return Task.FromResult<IReadOnlyList<ResultRecord>>(changed);
    }

    public Task DeleteSessionAsync(string sessionId, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (!_bySession.Remove(sessionId, out var resultIds)) return Task.CompletedTask;
            foreach (var resultId in resultIds) _results.Remove(resultId);
        }
        return Task.CompletedTask;
    }

    internal List<ResultRecord> Snapshot()
    {
        lock (_lock) return [.. _results.Values];
    }
}
