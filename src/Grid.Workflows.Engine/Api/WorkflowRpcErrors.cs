using Grpc.Core;

namespace Grid.Workflows.Engine.Api;

/// <summary>Turns a refused workflow request into a gRPC status whose message lists every error with its path.</summary>
internal static class WorkflowRpcErrors
{
    public static async Task<T> GuardAsync<T>(Func<Task<T>> call)
    {
        try
        {
            return await call().ConfigureAwait(false);
        }
        catch (WorkflowRequestException e)
        {
            var code = e.Failure switch
            {
                WorkflowRequestFailure.NotFound => StatusCode.NotFound,
                WorkflowRequestFailure.Conflict => StatusCode.AlreadyExists,
                _ => StatusCode.InvalidArgument,
            };
            throw new RpcException(new Status(code, e.Describe()));
        }
    }
}
