using Grid.Core;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Microsoft.Extensions.Logging;

namespace Grid.Core.Api;

/// <summary>
/// Turns a refused request into the gRPC status that says why. Nothing leaves a handler as UNKNOWN: a failure the grid
/// did not foresee is INTERNAL naming the call, and logged whole.
/// </summary>
public sealed class GridExceptionInterceptor(ILogger<GridExceptionInterceptor> logger) : Interceptor
{
    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        try { return await continuation(request, context); }
        catch (Exception e) when (ToStatus(e, context) is { } status) { throw status; }
    }

    public override async Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try { return await continuation(requestStream, context); }
        catch (Exception e) when (ToStatus(e, context) is { } status) { throw status; }
    }

    public override async Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try { await continuation(request, responseStream, context); }
        catch (Exception e) when (ToStatus(e, context) is { } status) { throw status; }
    }

    public override async Task DuplexStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, DuplexStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try { await continuation(requestStream, responseStream, context); }
        catch (Exception e) when (ToStatus(e, context) is { } status) { throw status; }
    }

    /// <summary>The status to answer with; null to let the exception go as it is (already a status, or the client left).</summary>
    private RpcException? ToStatus(Exception e, ServerCallContext context)
    {
        switch (e)
        {
            case GridException refused:
                return ToRpc(refused);
            case RpcException:
                return null;
            case OperationCanceledException when context.CancellationToken.IsCancellationRequested:
                return null; // the client cancelled or its deadline passed: nobody reads the status
            case var _ when StorageOutage.Is(e):
                return Unavailable(e);
            default:
                logger.LogError(e, "{Method} failed", context.Method);
                return new RpcException(new Status(StatusCode.Internal, $"{context.Method} failed on the server; its log has the details"));
        }
    }

    /// <summary>A storage server could not be reached: UNAVAILABLE tells the client to call again (a bare exception would be UNKNOWN).</summary>
    private static RpcException Unavailable(Exception e) => new(new Status(StatusCode.Unavailable, $"storage unavailable: {e.Message}"));

    public static RpcException ToRpc(GridException e) => new(new Status(e.Code switch
    {
        GridErrorCode.InvalidArgument => StatusCode.InvalidArgument,
        GridErrorCode.NotFound => StatusCode.NotFound,
        GridErrorCode.AlreadyExists => StatusCode.AlreadyExists,
        GridErrorCode.FailedPrecondition => StatusCode.FailedPrecondition,
        GridErrorCode.ResourceExhausted => StatusCode.ResourceExhausted,
        GridErrorCode.DataLoss => StatusCode.DataLoss,
        _ => StatusCode.Internal,
    }, e.Message));
}
