using System.Collections.Concurrent;
using Google.Protobuf;
using Grid.Api.V1;

namespace Grid.Worker;

/// <summary>What a handler gets for one attempt of a task: its inputs, and the means to write outputs and submit subtasks.</summary>
public sealed class TaskContext
{
    private readonly ProcessRequest _request;
    private readonly AgentService.AgentServiceClient _agent;
    private readonly WorkerOptions _options;
    private readonly int _uploadChunkSize;
    private readonly Dictionary<string, DataReference> _inputs;
    private readonly ConcurrentDictionary<string, ByteString> _inlineOutputs = new();

    internal TaskContext(ProcessRequest request, AgentService.AgentServiceClient agent, WorkerOptions options, int uploadChunkSize)
    {
        if (uploadChunkSize <= 0)
            throw new ArgumentOutOfRangeException(nameof(uploadChunkSize), uploadChunkSize, "Grid:Worker:UploadChunkSize must be positive");
        _request = request;
        _agent = agent;
        _options = options;
        _uploadChunkSize = uploadChunkSize;
        _inputs = request.DataDependencies.Append(request.Payload).Where(d => d is not null).GroupBy(d => d.ResultId).ToDictionary(g => g.Key, g => g.First());
    }

    public string SessionId => _request.SessionId;
    public string TaskId => _request.TaskId;
    /// <summary>1 for the first attempt.</summary>
    public int Attempt => _request.Attempt;
    public TaskOptions Options => _request.Options;
    public string PayloadId => _request.Payload.ResultId;
    public IReadOnlyList<string> DataDependencies => _request.DataDependencies.Select(d => d.ResultId).ToList();
    public IReadOnlyList<string> ExpectedOutputIds => _request.ExpectedOutputIds;

    /// <summary>The payload, whole in memory. Use <see cref="OpenInput"/> for large ones.</summary>
    public ReadOnlyMemory<byte> Payload => ReadInput(PayloadId);

    /// <summary>An input (payload or data dependency), whole in memory.</summary>
    public ReadOnlyMemory<byte> ReadInput(string resultId)
    {
        var input = Input(resultId);
        return input.LocationCase == DataReference.LocationOneofCase.FilePath ? File.ReadAllBytes(input.FilePath) : input.InlineData.Memory;
    }

    /// <summary>An input as a stream, without loading it whole.</summary>
    public Stream OpenInput(string resultId)
    {
        var input = Input(resultId);
        return input.LocationCase == DataReference.LocationOneofCase.FilePath
            ? new FileStream(input.FilePath, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, useAsync: true)
            : new MemoryStream(input.InlineData.ToByteArray(), writable: false);
    }

    /// <summary>Writes an expected output (or a result this attempt created).</summary>
    public async Task SetOutputAsync(string resultId, ReadOnlyMemory<byte> data, CancellationToken cancellationToken = default)
    {
        if (data.Length <= _options.InlineOutputMaxSize)
        {
            _inlineOutputs[resultId] = ByteString.CopyFrom(data.Span);
            return;
        }
        await SetOutputAsync(resultId, new MemoryStream(data.ToArray(), writable: false), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Writes an output from a stream, without holding it whole in memory.</summary>
    public async Task SetOutputAsync(string resultId, Stream data, CancellationToken cancellationToken = default)
    {
        _inlineOutputs.TryRemove(resultId, out _);
        if (!_options.SharesDataFolder)
        {
            await UploadAsync(resultId, data, cancellationToken).ConfigureAwait(false);
            return;
        }
        await using (var file = new FileStream(OutputPath(resultId), FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true))
            await data.CopyToAsync(file, cancellationToken).ConfigureAwait(false);
        await NotifyAsync(resultId, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Creates results without data (to be the outputs of subtasks); returns their ids in order.</summary>
    public async Task<IReadOnlyList<string>> CreateResultsAsync(IEnumerable<string> names, CancellationToken cancellationToken = default)
    {
        var request = new CreateTaskResultsMetadataRequest { CommunicationToken = _request.CommunicationToken };
        request.Names.Add(names);
        var response = await _agent.CreateTaskResultsMetadataAsync(request, cancellationToken: cancellationToken).ConfigureAwait(false);
        return response.Results.Select(r => r.ResultId).ToList();
    }

    /// <summary>Creates results with small data (for example the payloads of subtasks); returns their ids in order.</summary>
    public async Task<IReadOnlyList<string>> CreateResultsWithDataAsync(IEnumerable<(string Name, ReadOnlyMemory<byte> Data)> items, CancellationToken cancellationToken = default)
    {
        var request = new CreateTaskResultsRequest { CommunicationToken = _request.CommunicationToken };
        request.Results.Add(items.Select(i => new CreateTaskResultsRequest.Types.ResultCreation { Name = i.Name, Data = ByteString.CopyFrom(i.Data.Span) }));
        var response = await _agent.CreateTaskResultsAsync(request, cancellationToken: cancellationToken).ConfigureAwait(false);
        return response.Results.Select(r => r.ResultId).ToList();
    }

    /// <summary>
    /// Submits subtasks; they run only if this attempt succeeds. A subtask may take over one of this
    /// task's expected outputs (delegation): then this task must not write it.
    /// </summary>
    public async Task<IReadOnlyList<string>> SubmitSubtasksAsync(IEnumerable<TaskCreation> tasks, TaskOptions? options = null, CancellationToken cancellationToken = default)
    {
        var request = new SubmitSubtasksRequest { CommunicationToken = _request.CommunicationToken, Options = options };
        request.Tasks.Add(tasks);
        var response = await _agent.SubmitSubtasksAsync(request, cancellationToken: cancellationToken).ConfigureAwait(false);
        return response.Tasks.Select(t => t.TaskId).ToList();
    }

    internal IEnumerable<OutputData> InlineOutputs => _inlineOutputs.Select(o => new OutputData { ResultId = o.Key, Data = o.Value });

    private DataReference Input(string resultId) =>
        _inputs.TryGetValue(resultId, out var input) ? input : throw new ArgumentException($"'{resultId}' is not an input of task '{TaskId}'", nameof(resultId));

    private string OutputPath(string resultId)
    {
        if (string.IsNullOrEmpty(_request.DataFolder)) throw new InvalidOperationException("the agent gave no data folder for large outputs");
        if (resultId.Contains('/') || resultId.Contains('\\') || resultId.Contains("..")) throw new ArgumentException($"'{resultId}' is not a result id", nameof(resultId));
        Directory.CreateDirectory(_request.DataFolder);
        return Path.Combine(_request.DataFolder, resultId);
    }

    private async Task UploadAsync(string resultId, Stream data, CancellationToken cancellationToken)
    {
        using var call = _agent.UploadTaskResultData(cancellationToken: cancellationToken);
        await call.RequestStream.WriteAsync(new UploadTaskResultDataRequest
        {
            Id = new UploadTaskResultDataRequest.Types.ResultIdentifier { CommunicationToken = _request.CommunicationToken, ResultId = resultId },
        }, cancellationToken).ConfigureAwait(false);
        var buffer = new byte[_uploadChunkSize];
        int read;
        while ((read = await data.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false)) > 0)
            await call.RequestStream.WriteAsync(new UploadTaskResultDataRequest { DataChunk = ByteString.CopyFrom(buffer, 0, read) }, cancellationToken).ConfigureAwait(false);
        await call.RequestStream.CompleteAsync().ConfigureAwait(false);
        await call.ResponseAsync.ConfigureAwait(false);
    }

    private async Task NotifyAsync(string resultId, CancellationToken cancellationToken)
    {
        var request = new NotifyResultDataRequest { CommunicationToken = _request.CommunicationToken };
        request.ResultIds.Add(resultId);
        await _agent.NotifyResultDataAsync(request, cancellationToken: cancellationToken).ConfigureAwait(false);
    }
}
