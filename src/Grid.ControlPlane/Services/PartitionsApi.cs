using Grid.Core.Api;
using Grid.Api.V1;
using Grid.Core;
using Grpc.Core;

namespace Grid.ControlPlane.Services;

public sealed class PartitionsApi(PartitionCatalog partitions) : PartitionsService.PartitionsServiceBase
{
    public override Task<ListPartitionsResponse> ListPartitions(ListPartitionsRequest request, ServerCallContext context)
    {
        var response = new ListPartitionsResponse();
        response.Partitions.Add(partitions.All.Select(ToApi));
        return Task.FromResult(response);
    }

    public override Task<GetPartitionResponse> GetPartition(GetPartitionRequest request, ServerCallContext context)
    {
        if (string.IsNullOrEmpty(request.PartitionId)) throw GridException.InvalidArgument("partition_id", "a partition id is required");
        var partition = partitions.Find(request.PartitionId) ?? throw GridException.NotFound($"partition '{request.PartitionId}' does not exist");
        return Task.FromResult(new GetPartitionResponse { Partition = ToApi(partition) });
    }

    private static Partition ToApi(PartitionDefinition definition)
    {
        var partition = new Partition { PartitionId = definition.Id, Priority = definition.Priority };
        foreach (var (key, value) in definition.Options ?? new Dictionary<string, string>()) partition.Options[key] = value;
        return partition;
    }
}
