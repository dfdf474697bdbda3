using Grid.Api.V1;
using Grpc.Core;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Grid.Worker;

/// <summary>The Worker service the agent calls: runs the handler for one task and reports how it ended.</summary>
public sealed class WorkerApi(ITaskHandler handler, AgentConnection agent, IOptions<WorkerOptions> options, ILogger<WorkerApi> logger)
    : WorkerService.WorkerServiceBase
{
    public override async Task<ProcessResponse> Process(ProcessRequest request, ServerCallContext context)
    {
        var task = new TaskContext(request, agent.Client, options.Value, UploadChunkSize(context));
        try
        {
            await handler.HandleAsync(task, context.CancellationToken).ConfigureAwait(false);
        }
        catch (TaskFailedException e)
        {
            return Failure(e.Message, e.Retryable);
        }
        catch (OperationCanceledException) when (context.CancellationToken.IsCancellationRequested)
        {
            throw new RpcException(new Status(StatusCode.Cancelled, $"task '{request.TaskId}' was cancelled"));
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "Task {TaskId} attempt {Attempt} failed", request.TaskId, request.Attempt);
            return Failure($"{e.GetType().Name}: {e.Message}", retryable: true);
        }
        var response = new ProcessResponse { Success = true };
        response.Outputs.Add(task.InlineOutputs);
        return response;
    }

    public override Task<HealthCheckResponse> HealthCheck(HealthCheckRequest request, ServerCallContext context) =>
        Task.FromResult(new HealthCheckResponse { Serving = true });

    /// <summary>
    /// <see cref="WorkerOptions.UploadChunkSize"/>, but no larger than the limit the agent announced: the agent refuses
    /// larger chunks. An agent that announces none is an older one, which took any.
    /// </summary>
    private int UploadChunkSize(ServerCallContext context)
    {
        var configured = options.Value.UploadChunkSize;
        var announced = context.RequestHeaders.GetValue(Api.WorkerCallHeaders.MaxChunkSize);
        return int.TryParse(announced, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var limit) && limit > 0
            ? Math.Min(configured, limit)
            : configured;
    }

    private static ProcessResponse Failure(string message, bool retryable) =>
        new() { Failure = new ProcessResponse.Types.Failure { Message = message, Retryable = retryable } };
}
