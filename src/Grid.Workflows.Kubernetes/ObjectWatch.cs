using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Grid.Worker;
using Microsoft.Extensions.Logging;

namespace Grid.Workflows.Kubernetes;

/// <summary>
/// Follows one object until it reaches an outcome: lists it (its state and the list's resource version), then
/// watches from that version. A watch that ends or drops is resumed from the last resource version it delivered; a
/// version the server no longer has (410 Gone) starts over with a fresh list. Connection failures in a row are
/// bounded, so an unreachable server fails the task instead of hanging it.
/// </summary>
internal sealed class ObjectWatch<T>(
    string what,
    Func<CancellationToken, Task<(T? Current, string ResourceVersion)>> list,
    Func<string, Action<Exception>, CancellationToken, IAsyncEnumerable<(WatchEventType Type, T Object)>> watch,
    ILogger logger)
    where T : class, IKubernetesObject<V1ObjectMeta>
{
    private const int MaxFailuresInARow = 8;
    private static readonly TimeSpan MaxReconnectDelay = TimeSpan.FromSeconds(15);

    public async Task<ClusterOutcome> UntilAsync(Func<T, ClusterOutcome?> outcomeOf, string taskId, CancellationToken cancellationToken)
    {
        var (current, resourceVersion) = await list(cancellationToken).ConfigureAwait(false);
        var failuresInARow = 0;
        while (true)
        {
            if (current is null)
                throw new TaskFailedException($"task '{taskId}': {what} was deleted before it finished", retryable: true);
            if (outcomeOf(current) is { } outcome) return outcome;

            var expired = false;
            var deleted = false;
            using var stopWatch = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            void OnError(Exception e)
            {
                // The server reports an expired version as an ERROR event with a 410 Status, then closes the stream.
                if (e is KubernetesException { Status.Code: (int)HttpStatusCode.Gone })
                {
                    expired = true;
                    stopWatch.Cancel();
                }
            }
            try
            {
                await foreach (var (type, item) in watch(resourceVersion, OnError, stopWatch.Token).ConfigureAwait(false))
                {
                    failuresInARow = 0;
                    if (item?.Metadata?.ResourceVersion is { Length: > 0 } version) resourceVersion = version;
                    if (type is WatchEventType.Bookmark or WatchEventType.Error || item is null) continue;
                    if (type == WatchEventType.Deleted)
                    {
                        deleted = true;
                        break;
                    }
                    current = item;
                    if (outcomeOf(item) is { } finished) return finished;
                }
                if (deleted)
                {
                    current = null;
                    continue;
                }
                if (!expired)
                {
                    KubernetesLog.WatchResumed(logger, what, resourceVersion);
                    continue;
                }
            }
            catch (OperationCanceledException) when (expired && !cancellationToken.IsCancellationRequested)
            {
            }
            catch (HttpOperationException e) when (ApiServerErrors.Is(e, HttpStatusCode.Gone))
            {
                expired = true;
            }
            catch (HttpOperationException e)
            {
                throw new TaskFailedException($"task '{taskId}': {what} could not be watched: {ApiServerErrors.Describe(e)}", retryable: true);
            }
            catch (Exception e) when (e is HttpRequestException or IOException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
            {
                if (++failuresInARow > MaxFailuresInARow)
                    throw new TaskFailedException($"task '{taskId}': lost the watch of {what} {failuresInARow} times in a row, the last time: {e.Message}", retryable: true);
                var delay = TimeSpan.FromMilliseconds(Math.Min(MaxReconnectDelay.TotalMilliseconds, 100 * Math.Pow(2, failuresInARow - 1)));
                KubernetesLog.WatchDropped(logger, what, e.Message, resourceVersion, delay);
                await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
                continue;
            }

            KubernetesLog.WatchExpired(logger, what, resourceVersion);
            (current, resourceVersion) = await list(cancellationToken).ConfigureAwait(false);
        }
    }
}
