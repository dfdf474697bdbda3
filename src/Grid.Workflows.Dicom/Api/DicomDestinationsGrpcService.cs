using Grid.Api.V1;
using Grid.Workflows.Dicom.Export;
using Grid.Workflows.Engine.Api;
using Grpc.Core;
using V1 = Grid.Api.V1;

namespace Grid.Workflows.Dicom.Api;

/// <summary>The export destinations over gRPC (<c>grid.v1.DicomDestinationsService</c>).</summary>
public sealed class DicomDestinationsGrpcService(DicomDestinationRegistry registry) : DicomDestinationsService.DicomDestinationsServiceBase
{
    public override Task<PutDicomDestinationResponse> PutDicomDestination(PutDicomDestinationRequest request, ServerCallContext context) =>
        WorkflowRpcErrors.GuardAsync(async () =>
        {
            var given = request.Destination ?? new V1.DicomDestination();
            var stored = await registry.PutAsync(new Export.DicomDestination(given.Name, given.AeTitle, given.Host, given.Port), context.CancellationToken);
            return new PutDicomDestinationResponse { Destination = ToProto(stored) };
        });

    public override Task<GetDicomDestinationResponse> GetDicomDestination(GetDicomDestinationRequest request, ServerCallContext context) =>
        WorkflowRpcErrors.GuardAsync(() => Task.FromResult(new GetDicomDestinationResponse { Destination = ToProto(registry.Get(request.Name)) }));

    public override Task<ListDicomDestinationsResponse> ListDicomDestinations(ListDicomDestinationsRequest request, ServerCallContext context)
    {
        var response = new ListDicomDestinationsResponse();
        response.Destinations.Add(registry.List().Select(ToProto));
        return Task.FromResult(response);
    }

    public override Task<DeleteDicomDestinationResponse> DeleteDicomDestination(DeleteDicomDestinationRequest request, ServerCallContext context) =>
        WorkflowRpcErrors.GuardAsync(async () => new DeleteDicomDestinationResponse
        {
            Destination = ToProto(await registry.DeleteAsync(request.Name, context.CancellationToken)),
        });

    private static V1.DicomDestination ToProto(Export.DicomDestination destination) => new()
    {
        Name = destination.Name,
        AeTitle = destination.AeTitle,
        Host = destination.Host,
        Port = destination.Port,
        FromConfiguration = destination.FromConfiguration,
    };
}
