using Grid.Api.V1;
using Grid.Workflows.Engine.Registry;
using Grpc.Core;

namespace Grid.Workflows.Engine.Api;

/// <summary>The registry over gRPC (<c>grid.v1.WorkflowsService</c>).</summary>
public sealed class WorkflowsGrpcService(WorkflowRegistry registry) : WorkflowsService.WorkflowsServiceBase
{
    public override Task<CreateWorkflowResponse> CreateWorkflow(CreateWorkflowRequest request, ServerCallContext context) =>
        WorkflowRpcErrors.GuardAsync(async () => new CreateWorkflowResponse
        {
            Workflow = (await registry.CreateAsync(request.DefinitionJson, context.CancellationToken)).ToProto(),
        });

    public override Task<UpdateWorkflowResponse> UpdateWorkflow(UpdateWorkflowRequest request, ServerCallContext context) =>
        WorkflowRpcErrors.GuardAsync(async () => new UpdateWorkflowResponse
        {
            Workflow = (await registry.UpdateAsync(request.WorkflowId, request.DefinitionJson, context.CancellationToken)).ToProto(),
        });

    public override Task<GetWorkflowResponse> GetWorkflow(GetWorkflowRequest request, ServerCallContext context) =>
        WorkflowRpcErrors.GuardAsync(async () =>
        {
            var revision = await registry.GetAsync(request.WorkflowId, request.Revision, context.CancellationToken);
            var record = await registry.FindAsync(request.WorkflowId, context.CancellationToken);
            return new GetWorkflowResponse { Workflow = revision.ToProto(record?.DeletedAt) };
        });

    public override Task<ListWorkflowsResponse> ListWorkflows(ListWorkflowsRequest request, ServerCallContext context) =>
        WorkflowRpcErrors.GuardAsync(async () =>
        {
            var response = new ListWorkflowsResponse();
            response.Workflows.Add((await registry.ListAsync(request.AeTitle, request.IncludeDeleted, context.CancellationToken)).Select(r => r.ToProto()));
            return response;
        });

    public override Task<DeleteWorkflowResponse> DeleteWorkflow(DeleteWorkflowRequest request, ServerCallContext context) =>
        WorkflowRpcErrors.GuardAsync(async () => new DeleteWorkflowResponse
        {
            Workflow = (await registry.DeleteAsync(request.WorkflowId, context.CancellationToken)).ToProto(),
        });

    public override Task<ValidateWorkflowResponse> ValidateWorkflow(ValidateWorkflowRequest request, ServerCallContext context)
    {
        var errors = registry.Validate(request.DefinitionJson);
        var response = new ValidateWorkflowResponse { Valid = errors.Count == 0 };
        response.Errors.Add(errors.Select(e => e.ToProto()));
        return Task.FromResult(response);
    }
}
