using Grid.Api;
using Grid.Api.V1;
using Grid.Core;
using Grpc.Core.Interceptors;
using Grpc.Net.Client;
using Microsoft.Extensions.Options;

namespace Grid.Agent;

/// <summary>The agent's channel to its worker, opened once.</summary>
public sealed class WorkerChannel : IDisposable
{
    private readonly GrpcChannel _channel;

    public WorkerChannel(IOptions<AgentOptions> options, GridLimits limits)
    {
        _channel = GridChannelFactory.Create(options.Value.WorkerAddress);
        var maxChunkSize = limits.MaxChunkSize.ToString(System.Globalization.CultureInfo.InvariantCulture);
        // The worker splits what it streams back to this agent to the limit the agent enforces.
        Client = new WorkerService.WorkerServiceClient(_channel.Intercept(headers =>
        {
            headers.Add(WorkerCallHeaders.MaxChunkSize, maxChunkSize);
            return headers;
        }));
    }

    public WorkerService.WorkerServiceClient Client { get; }

    /// <summary>Completes once the worker accepts connections (the channel retries with backoff until then).</summary>
    public Task WaitUntilReachableAsync(CancellationToken cancellationToken) => _channel.ConnectAsync(cancellationToken);

    public void Dispose() => _channel.Dispose();
}
