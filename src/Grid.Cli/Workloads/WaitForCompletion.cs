using Grid.Api.V1;
using Grid.Client;

namespace Grid.Cli.Workloads;

/// <summary>Waits for results and fails, naming one, if any of them was aborted.</summary>
public static class WaitForCompletion
{
    public static async Task RequireCompletedAsync(GridSession session, IReadOnlyCollection<string> resultIds, CancellationToken ct)
    {
        var statuses = await session.WaitAsync(resultIds, ct);
        var failed = statuses.Where(s => s.Value != ResultStatus.Completed).ToList();
        if (failed.Count > 0)
            throw new InvalidOperationException($"{failed.Count} of {resultIds.Count} results did not complete (result '{failed[0].Key}' is {failed[0].Value})");
    }
}
