using System.Net.Sockets;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Grid.Worker;

/// <summary>
/// Keeps the worker serving, when it is asked to stop, until the agent beside it has stopped. Both get the signal at
/// once (Kubernetes sends SIGTERM to every container of a pod), and the draining agent still calls the worker for the
/// tasks it has taken: a worker that closed its port first would fail them. The host runs every service's
/// <see cref="StoppingAsync"/> before it stops any, the web server included; its shutdown timeout bounds the wait.
/// </summary>
internal sealed partial class AgentOutlivingShutdown(IOptions<WorkerOptions> options, ILogger<AgentOutlivingShutdown> logger) : IHostedLifecycleService
{
    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StoppingAsync(CancellationToken cancellationToken)
    {
        if (!options.Value.WaitForAgentOnStop || !Uri.TryCreate(options.Value.AgentAddress, UriKind.Absolute, out var agent)) return;
        LogWaiting(logger, options.Value.AgentAddress);
        try
        {
            while (await AgentListensAsync(agent, cancellationToken).ConfigureAwait(false))
                await Task.Delay(TimeSpan.FromMilliseconds(100), cancellationToken).ConfigureAwait(false);
            LogAgentGone(logger);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            LogGaveUp(logger);
        }
    }

    private static async Task<bool> AgentListensAsync(Uri agent, CancellationToken cancellationToken)
    {
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync(agent.Host, agent.Port, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Worker stopping: it serves its agent at {AgentAddress} until that agent has stopped")]
    private static partial void LogWaiting(ILogger logger, string agentAddress);

    [LoggerMessage(Level = LogLevel.Information, Message = "Worker stopping: its agent has stopped")]
    private static partial void LogAgentGone(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Worker stopping before its agent: the shutdown timeout is over")]
    private static partial void LogGaveUp(ILogger logger);
}
