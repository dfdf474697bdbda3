using Grid.Api.V1;
using Grid.Workflows.Engine.Execution;
using Grid.Workflows.Engine.Instances;
using Grpc.Core;

namespace Grid.Workflows.Engine.Api;

/// <summary>Triggers and status over gRPC (<c>grid.v1.WorkflowInstancesService</c>).</summary>
public sealed class WorkflowInstancesGrpcService(WorkflowEngine engine, WorkflowStatusQueries status) : WorkflowInstancesService.WorkflowInstancesServiceBase
{
    public override Task<TriggerWorkflowsResponse> TriggerWorkflows(TriggerWorkflowsRequest request, ServerCallContext context) =>
        WorkflowRpcErrors.GuardAsync(async () =>
        {
            var response = new TriggerWorkflowsResponse();
            response.Instances.Add((await engine.TriggerAsync(request.FromProto(), context.CancellationToken)).Select(i => i.ToProto()));
            return response;
        });

    public override Task<GetWorkflowInstanceResponse> GetWorkflowInstance(GetWorkflowInstanceRequest request, ServerCallContext context) =>
        WorkflowRpcErrors.GuardAsync(async () => new GetWorkflowInstanceResponse
        {
            Instance = (await status.GetInstanceAsync(request.InstanceId, context.CancellationToken)).ToProto(),
        });

    public override Task<ListWorkflowInstancesResponse> ListWorkflowInstances(ListWorkflowInstancesRequest request, ServerCallContext context) =>
        WorkflowRpcErrors.GuardAsync(async () =>
        {
            var filter = new WorkflowInstanceFilter(
                request.WorkflowId,
                request.Statuses.Select((s, i) => s.FromProto($"statuses[{i}]")).ToList(),
                request.CreatedAfter?.ToDateTimeOffset());
            var response = new ListWorkflowInstancesResponse();
            response.Instances.Add((await status.ListInstancesAsync(filter, context.CancellationToken)).Select(i => i.ToProto()));
            return response;
        });

    public override Task<ListTaskExecutionsResponse> ListTaskExecutions(ListTaskExecutionsRequest request, ServerCallContext context) =>
        WorkflowRpcErrors.GuardAsync(async () =>
        {
            var filter = new TaskExecutionFilter(request.InstanceId, request.WorkflowId, request.TaskId,
                request.Statuses.Select((s, i) => s.FromProto($"statuses[{i}]")).ToList());
            var response = new ListTaskExecutionsResponse();
            response.Executions.Add((await status.ListExecutionsAsync(filter, context.CancellationToken))
                .Select(e => new ListTaskExecutionsResponse.Types.Item { InstanceId = e.InstanceId, Execution = e.Execution.ToProto() }));
            return response;
        });
}
