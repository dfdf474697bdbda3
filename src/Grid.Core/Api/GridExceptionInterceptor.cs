using Grid.Core;
using Grpc.Core;
using Grpc.Core.Interceptors;

namespace Grid.Core.Api;

/// <summary>Turns a refused request into the gRPC status that says why.</summary>
public sealed class GridExceptionInterceptor : Interceptor
{
    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        try { return await continuation(request, context); }
        catch (GridException e) { throw ToRpc(e); }
        catch (Exception e) when (StorageOutage.Is(e)) { throw Unavailable(e); }
    }

    public override async Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try { return await continuation(requestStream, context); }
        catch (GridException e) { throw ToRpc(e); }
        catch (Exception e) when (StorageOutage.Is(e)) { throw Unavailable(e); }
    }

    public override async Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try { await continuation(request, responseStream, context); }
        catch (GridException e) { throw ToRpc(e); }
        catch (Exception e) when (StorageOutage.Is(e)) { throw Unavailable(e); }
    }

    public override async Task DuplexStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, DuplexStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try { await continuation(requestStream, responseStream, context); }
        catch (GridException e) { throw ToRpc(e); }
        catch (Exception e) when (StorageOutage.Is(e)) { throw Unavailable(e); }
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
