using Grid.Api;
using Grid.Api.V1;
using Grpc.Net.Client;
using Microsoft.Extensions.Options;

namespace Grid.Agent;

/// <summary>The agent's channel to its worker, opened once.</summary>
public sealed class WorkerChannel : IDisposable
{
    private readonly GrpcChannel _channel;

    public WorkerChannel(IOptions<AgentOptions> options)
    {
        _channel = GridChannelFactory.Create(options.Value.WorkerAddress);
        Client = new WorkerService.WorkerServiceClient(_channel);
    }

    public WorkerService.WorkerServiceClient Client { get; }

    /// <summary>Completes once the worker accepts connections (the channel retries with backoff until then).</summary>
    public Task WaitUntilReachableAsync(CancellationToken cancellationToken) => _channel.ConnectAsync(cancellationToken);

    public void Dispose() => _channel.Dispose();
}
