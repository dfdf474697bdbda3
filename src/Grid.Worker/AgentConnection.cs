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
        _channel = GrpcChannel.ForAddress(options.Value.AgentAddress, new GrpcChannelOptions
        {
            HttpHandler = new SocketsHttpHandler { EnableMultipleHttp2Connections = true },
            MaxReceiveMessageSize = 64 << 20,
            MaxSendMessageSize = 64 << 20,
        });
        Client = new AgentService.AgentServiceClient(_channel);
    }

    public AgentService.AgentServiceClient Client { get; }

    public void Dispose() => _channel.Dispose();
}
