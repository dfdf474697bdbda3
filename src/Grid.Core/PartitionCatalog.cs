namespace Grid.Core;

public sealed record PartitionDefinition(string Id, int Priority = 0, IReadOnlyDictionary<string, string>? Options = null);

/// <summary>The partitions (worker pools) this grid knows, from configuration (<c>Grid:Partitions</c>).</summary>
public sealed class PartitionCatalog(IReadOnlyList<PartitionDefinition> partitions)
{
    public IReadOnlyList<PartitionDefinition> All { get; } = partitions.Count > 0 ? partitions : [new PartitionDefinition(Model.GridTaskOptions.DefaultPartition)];

    public string DefaultPartitionId => All[0].Id;

    public bool Exists(string id) => All.Any(p => p.Id == id);

    public PartitionDefinition? Find(string id) => All.FirstOrDefault(p => p.Id == id);
}
