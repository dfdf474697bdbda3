using Grid.Workflows.Engine.Registry;

namespace Grid.Workflows.Engine.Execution;

/// <summary>
/// Which workflows a trigger starts: exactly the named ones, or every live workflow whose informatics gateway
/// AE title is the one the data was sent to and whose data origins include the sender (no data origins: any sender).
/// </summary>
internal static class WorkflowMatcher
{
    public static async Task<IReadOnlyList<WorkflowRevision>> MatchAsync(WorkflowRegistry registry, TriggerPayload payload, CancellationToken cancellationToken)
    {
        if (payload.WorkflowIds.Count > 0)
        {
            var named = new List<WorkflowRevision>();
            foreach (var id in payload.WorkflowIds.Distinct(StringComparer.Ordinal))
                named.Add(await registry.GetAsync(id, null, cancellationToken).ConfigureAwait(false));
            return named;
        }
        var aeTitle = payload.AeTitle!.Trim();
        var all = await registry.ListAsync(null, includeDeleted: false, cancellationToken).ConfigureAwait(false);
        return all
            .Select(record => record.Latest)
            .Where(revision => Matches(revision.Definition.InformaticsGateway, aeTitle, payload.DataOrigin?.Trim()))
            .ToList();
    }

    private static bool Matches(InformaticsGatewaySettings? gateway, string aeTitle, string? origin) =>
        gateway is not null
        && string.Equals(gateway.AeTitle?.Trim(), aeTitle, StringComparison.Ordinal)
        && (gateway.DataOrigins is not { Count: > 0 } origins || (origin is not null && origins.Contains(origin, StringComparer.Ordinal)));
}
