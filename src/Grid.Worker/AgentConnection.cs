using Grid.Api;
using Grid.Api.V1;
using Grpc.Net.Client;
using Microsoft.Extensions.Options;

namespace Grid.Worker;

/// <summary>The worker's channel to its agent, opened once.</summary>
public sealed class AgentConnection : IDisposable
{
    private readonly GrpcChannel _channel;

    public AgentConnection(IOptions<WorkerOptions> options)
    {
        _channel = GridChannelFactory.Create(options.Value.AgentAddress);
        Client = new AgentService.AgentServiceClient(_channel);
    }

    public AgentService.AgentServiceClient Client { get; }

    public void Dispose() => _channel.Dispose();
}
