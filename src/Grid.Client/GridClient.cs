using Grid.Api;
using Grid.Api.V1;
using Grpc.Core;
using Grpc.Net.Client;

namespace Grid.Client;

/// <summary>
/// Entry point of the SDK: one channel to a control plane, the generated service clients, and
/// <see cref="GridSession"/> helpers. Every call made through the helpers carries
/// <see cref="GridClientOptions.DefaultDeadline"/> and the caller's cancellation token.
/// </summary>
public sealed class GridClient : IAsyncDisposable
{
    private readonly GrpcChannel channel;
    private int uploadChunkSize;

    public GridClient(GridClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.DefaultDeadline <= TimeSpan.Zero)
            throw new ArgumentOutOfRangeException(nameof(options), "DefaultDeadline must be positive");
        Options = options;
        channel = GridChannelFactory.Create(options.Address);
        Sessions = new SessionsService.SessionsServiceClient(channel);
        Results = new ResultsService.ResultsServiceClient(channel);
        Tasks = new TasksService.TasksServiceClient(channel);
        Events = new EventsService.EventsServiceClient(channel);
        Versions = new VersionsService.VersionsServiceClient(channel);
    }

    public GridClientOptions Options { get; }

    public SessionsService.SessionsServiceClient Sessions { get; }
    public ResultsService.ResultsServiceClient Results { get; }
    public TasksService.TasksServiceClient Tasks { get; }
    public EventsService.EventsServiceClient Events { get; }
    public VersionsService.VersionsServiceClient Versions { get; }

    /// <summary>Creates a running session; <paramref name="defaults"/> apply to every task it receives.</summary>
    public async Task<GridSession> CreateSessionAsync(TaskOptions? defaults = null, IEnumerable<string>? partitionIds = null, CancellationToken ct = default)
    {
        var request = new CreateSessionRequest { DefaultTaskOptions = defaults };
        if (partitionIds is not null)
            request.PartitionIds.Add(partitionIds);
        var response = await Sessions.CreateSessionAsync(request, CallOptions(ct)).ConfigureAwait(false);
        return new GridSession(this, response.Session.SessionId);
    }

    /// <summary>A helper on an existing session; no call is made.</summary>
    public GridSession OpenSession(string sessionId)
    {
        ArgumentException.ThrowIfNullOrEmpty(sessionId);
        return new GridSession(this, sessionId);
    }

    /// <summary>
    /// The chunk size of uploads: <see cref="ResultTransfer.ChunkSize"/>, or the server's limit when that is smaller. Asked
    /// of the server once per client (a race asks twice, harmlessly).
    /// </summary>
    internal async ValueTask<int> UploadChunkSizeAsync(CancellationToken ct)
    {
        if (uploadChunkSize > 0) return uploadChunkSize;
        var configuration = await Results.GetServiceConfigurationAsync(new GetServiceConfigurationRequest(), CallOptions(ct)).ConfigureAwait(false);
        var serverLimit = configuration.DataChunkMaxSize > 0 ? configuration.DataChunkMaxSize : ResultTransfer.ChunkSize;
        return uploadChunkSize = Math.Min(ResultTransfer.ChunkSize, serverLimit);
    }

    /// <summary>Call options of one call: the default deadline, counted from now, and the caller's token.</summary>
    internal CallOptions CallOptions(CancellationToken ct) =>
        new(deadline: DateTime.UtcNow + Options.DefaultDeadline, cancellationToken: ct);

    public ValueTask DisposeAsync()
    {
        channel.Dispose();
        return ValueTask.CompletedTask;
    }
}
