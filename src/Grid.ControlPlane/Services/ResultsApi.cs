using Grid.Core.Api;
using System.Runtime.CompilerServices;
using Google.Protobuf;
using Grid.Api.V1;
using Grid.Core;
using Grid.Core.Operations;
using Grid.Core.Storage;
using Grpc.Core;
using CoreResultFilter = Grid.Core.Storage.ResultFilter;

namespace Grid.ControlPlane.Services;

public sealed class ResultsApi(ResultOperations results, GridStorage storage, GridLimits limits) : ResultsService.ResultsServiceBase
{
    public override async Task<CreateResultsMetadataResponse> CreateResultsMetadata(CreateResultsMetadataRequest request, ServerCallContext context)
    {
        var created = await results.CreateMetadataAsync(request.SessionId, request.Results.Select(r => r.Name).ToList(), null, context.CancellationToken);
        var response = new CreateResultsMetadataResponse();
        response.Results.Add(created.Select(r => r.ToApi()));
        return response;
    }

    public override async Task<CreateResultsResponse> CreateResults(CreateResultsRequest request, ServerCallContext context)
    {
        var created = await results.CreateWithDataAsync(
            request.SessionId, request.Results.Select(r => (r.Name, r.Data.Memory)).ToList(), null, context.CancellationToken);
        var response = new CreateResultsResponse();
        response.Results.Add(created.Select(r => r.ToApi()));
        return response;
    }

    public override async Task<UploadResultDataResponse> UploadResultData(IAsyncStreamReader<UploadResultDataRequest> requestStream, ServerCallContext context)
    {
        if (!await requestStream.MoveNext(context.CancellationToken))
            throw GridException.InvalidArgument("id", "the upload stream ended before naming a result");
        if (requestStream.Current.TypeCase != UploadResultDataRequest.TypeOneofCase.Id)
            throw GridException.InvalidArgument("id", "the first message of an upload must name the result");
        var id = requestStream.Current.Id;
        var uploaded = await results.UploadAsync(id.SessionId, id.ResultId, id.HasExpectedSize ? id.ExpectedSize : null,
            Chunks(requestStream, context.CancellationToken), context.CancellationToken);
        return new UploadResultDataResponse { Result = uploaded.ToApi() };
    }

    public override async Task DownloadResultData(DownloadResultDataRequest request, IServerStreamWriter<DownloadResultDataResponse> responseStream, ServerCallContext context)
    {
        var chunks = await results.DownloadAsync(request.SessionId, request.ResultId, context.CancellationToken);
        await foreach (var chunk in chunks)
            await responseStream.WriteAsync(new DownloadResultDataResponse { DataChunk = ByteString.CopyFrom(chunk.Span) }, context.CancellationToken);
    }

    public override async Task<GetResultResponse> GetResult(GetResultRequest request, ServerCallContext context) =>
        new() { Result = (await results.GetAsync(request.SessionId, request.ResultId, context.CancellationToken)).ToApi() };

    public override async Task<ListResultsResponse> ListResults(ListResultsRequest request, ServerCallContext context)
    {
        var (page, size) = request.Page.ToPaging();
        var filter = new CoreResultFilter
        {
            SessionId = NullIfEmpty(request.Filter?.SessionId),
            Statuses = request.Filter?.Statuses.Select(s => (Core.Model.ResultState)s).ToList() ?? [],
            Name = NullIfEmpty(request.Filter?.Name),
            OwnerTaskId = NullIfEmpty(request.Filter?.OwnerTaskId),
        };
        var sort = request.SortField switch
        {
            ResultSortField.Name => ResultSort.Name,
            ResultSortField.Status => ResultSort.Status,
            ResultSortField.Size => ResultSort.Size,
            _ => ResultSort.CreatedAt,
        };
        var found = await storage.Results.ListAsync(filter, new PageQuery<ResultSort>(sort, request.SortDirection == SortDirection.Descending, page, size), context.CancellationToken);
        var response = new ListResultsResponse { Page = new PageResponse { Page = page, PageSize = size, Total = found.Total } };
        response.Results.Add(found.Items.Select(r => r.ToApi()));
        return response;
    }

    public override async Task<DeleteResultsDataResponse> DeleteResultsData(DeleteResultsDataRequest request, ServerCallContext context)
    {
        var deleted = await results.DeleteDataAsync(request.SessionId, request.ResultIds, context.CancellationToken);
        var response = new DeleteResultsDataResponse();
        response.ResultIds.Add(deleted);
        return response;
    }

    public override async Task WaitForResults(WaitForResultsRequest request, IServerStreamWriter<WaitForResultsResponse> responseStream, ServerCallContext context)
    {
        try
        {
            await foreach (var batch in results.WaitAsync(request.SessionId, request.ResultIds, context.CancellationToken))
            {
                var response = new WaitForResultsResponse();
                response.Results.Add(batch.Select(r => new WaitForResultsResponse.Types.ResultStatusChange { ResultId = r.ResultId, Status = (ResultStatus)r.Status }));
                await responseStream.WriteAsync(response, context.CancellationToken);
            }
        }
        catch (OperationCanceledException) when (context.CancellationToken.IsCancellationRequested)
        {
            // The client's deadline passed or it gave up: the call ends with its own status.
        }
    }

    public override Task<GetServiceConfigurationResponse> GetServiceConfiguration(GetServiceConfigurationRequest request, ServerCallContext context) =>
        Task.FromResult(new GetServiceConfigurationResponse { DataChunkMaxSize = limits.MaxChunkSize, InlineDataMaxSize = limits.MaxInlineDataSize });

    private static async IAsyncEnumerable<ReadOnlyMemory<byte>> Chunks(IAsyncStreamReader<UploadResultDataRequest> stream, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        while (await stream.MoveNext(cancellationToken))
        {
            if (stream.Current.TypeCase != UploadResultDataRequest.TypeOneofCase.DataChunk)
                throw GridException.InvalidArgument("data_chunk", "only the first message of an upload names the result");
            yield return stream.Current.DataChunk.Memory;
        }
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
