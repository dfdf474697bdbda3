using Grid.Workflows.Engine.Execution;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Grid.Workflows.Engine.Hosting;

/// <summary>Resumes the running instances once the host has started (in the one-process grid, the grid must be listening first).</summary>
internal sealed class WorkflowEngineService(WorkflowEngine engine, IHostApplicationLifetime lifetime, ILogger<WorkflowEngineService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var started = new TaskCompletionSource();
        using (lifetime.ApplicationStarted.Register(() => started.TrySetResult()))
        using (stoppingToken.Register(() => started.TrySetCanceled(stoppingToken)))
        {
            try
            {
                await started.Task.ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
        try
        {
            await engine.ResumeAsync(stoppingToken).ConfigureAwait(false);
        }
        catch (Exception e) when (!stoppingToken.IsCancellationRequested)
        {
            logger.LogError(e, "Resuming the running workflow instances failed; they stay running until the workflow manager restarts");
        }
    }
}
