using Grid.Api.V1;
using Grid.Core.Api;
using Grid.Core.Operations;
using Grpc.Core;

namespace Grid.Agent;

/// <summary>The Agent service: what a worker may ask of its agent while it runs a task.</summary>
public sealed class AgentApi(AttemptRegistry attempts, AttemptOutputs outputs, ResultOperations results, TaskSubmitter submitter, Core.Storage.GridStorage storage, Core.GridLimits limits)
    : AgentService.AgentServiceBase
{
    public override async Task<CreateTaskResultsMetadataResponse> CreateTaskResultsMetadata(CreateTaskResultsMetadataRequest request, ServerCallContext context)
    {
        var attempt = attempts.Get(request.CommunicationToken);
        var created = await results.CreateMetadataAsync(attempt.Task.SessionId, request.Names, attempt.Task, context.CancellationToken);
        lock (attempt.Lock) attempt.Outcome.CreatedResults.UnionWith(created.Select(r => r.ResultId));
        var response = new CreateTaskResultsMetadataResponse();
        response.Results.Add(created.Select(r => r.ToApi()));
        return response;
    }

    public override async Task<CreateTaskResultsResponse> CreateTaskResults(CreateTaskResultsRequest request, ServerCallContext context)
    {
        var attempt = attempts.Get(request.CommunicationToken);
        var created = await results.CreateWithDataAsync(attempt.Task.SessionId, request.Results.Select(r => (r.Name, r.Data.Memory)).ToList(), attempt.Task, context.CancellationToken);
        lock (attempt.Lock) attempt.Outcome.CreatedResults.UnionWith(created.Select(r => r.ResultId));
        var response = new CreateTaskResultsResponse();
        response.Results.Add(created.Select(r => r.ToApi()));
        return response;
    }

    public override async Task<NotifyResultDataResponse> NotifyResultData(NotifyResultDataRequest request, ServerCallContext context)
    {
        var attempt = attempts.Get(request.CommunicationToken);
        foreach (var resultId in request.ResultIds)
            await outputs.StoreFileAsync(attempt, resultId, context.CancellationToken);
        var response = new NotifyResultDataResponse();
        response.Results.Add((await storage.Results.GetManyAsync(request.ResultIds, context.CancellationToken)).Select(r => r.ToApi()));
        return response;
    }

    public override async Task<UploadTaskResultDataResponse> UploadTaskResultData(IAsyncStreamReader<UploadTaskResultDataRequest> requestStream, ServerCallContext context)
    {
        if (!await requestStream.MoveNext(context.CancellationToken) || requestStream.Current.TypeCase != UploadTaskResultDataRequest.TypeOneofCase.Id)
            throw Core.GridException.InvalidArgument("id", "the first message of an upload must name the result");
        var id = requestStream.Current.Id;
        var attempt = attempts.Get(id.CommunicationToken);
        await outputs.StoreAsync(attempt, id.ResultId, Chunks(requestStream, context.CancellationToken), context.CancellationToken);
        long size;
        lock (attempt.Lock) size = attempt.Outcome.ProducedOutputs[id.ResultId];
        return new UploadTaskResultDataResponse { ResultId = id.ResultId, Size = size };
    }

    public override async Task<SubmitSubtasksResponse> SubmitSubtasks(SubmitSubtasksRequest request, ServerCallContext context)
    {
        var attempt = attempts.Get(request.CommunicationToken);
        HashSet<string> created;
        lock (attempt.Lock) created = [.. attempt.Outcome.CreatedResults];
        var subtasks = await submitter.SubmitAsync(attempt.Task.SessionId, request.Options.ToModel(), request.Tasks.Select(t => t.ToModel()).ToList(),
            new TaskSubmitter.Parent(attempt.Task, created), context.CancellationToken);
        lock (attempt.Lock) attempt.Outcome.Subtasks.AddRange(subtasks);
        var response = new SubmitSubtasksResponse();
        response.Tasks.Add(subtasks.Select(t => t.ToSubmitted()));
        return response;
    }

    public override async Task ReadTaskInput(ReadTaskInputRequest request, IServerStreamWriter<ReadTaskInputResponse> responseStream, ServerCallContext context)
    {
        var attempt = attempts.Get(request.CommunicationToken);
        var chunks = await results.DownloadAsync(attempt.Task.SessionId, request.ResultId, context.CancellationToken);
        await foreach (var chunk in chunks)
            await responseStream.WriteAsync(new ReadTaskInputResponse { DataChunk = Google.Protobuf.ByteString.CopyFrom(chunk.Span) }, context.CancellationToken);
    }

    private async IAsyncEnumerable<ReadOnlyMemory<byte>> Chunks(IAsyncStreamReader<UploadTaskResultDataRequest> stream, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        while (await stream.MoveNext(cancellationToken))
        {
            if (stream.Current.TypeCase != UploadTaskResultDataRequest.TypeOneofCase.DataChunk)
                throw Core.GridException.InvalidArgument("data_chunk", "only the first message of an upload names the result");
            limits.CheckUploadChunk(stream.Current.DataChunk.Length);
            yield return stream.Current.DataChunk.Memory;
        }
    }
}
