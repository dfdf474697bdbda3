using Grid.Core.Model;

namespace Grid.Core.Storage;

public interface IResultTable
{
    /// <summary>Creates the results and appends a NewResult event of each, timed at its creation.</summary>
    Task CreateAsync(IReadOnlyCollection<ResultRecord> results, CancellationToken cancellationToken);

    /// <summary>The results among <paramref name="resultIds"/> that exist, in no particular order.</summary>
    Task<IReadOnlyList<ResultRecord>> GetManyAsync(IReadOnlyCollection<string> resultIds, CancellationToken cancellationToken);

    Task<Page<ResultRecord>> ListAsync(ResultFilter filter, PageQuery<ResultSort> page, CancellationToken cancellationToken);

    /// <summary>Sets the task that must produce each result (submission, delegation to a subtask).</summary>
    Task SetOwnersAsync(IReadOnlyCollection<(string ResultId, string OwnerTaskId)> owners, CancellationToken cancellationToken);

    /// <summary>Applies each transition whose condition holds; returns the results that changed.</summary>
    Task<IReadOnlyList<ResultRecord>> TransitionAsync(IReadOnlyCollection<ResultTransition> transitions, CancellationToken cancellationToken);

    /// <summary>Deletes the metadata of every result of the session (not their data in object storage).</summary>
    Task DeleteSessionAsync(string sessionId, CancellationToken cancellationToken);
}
