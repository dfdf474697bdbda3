using Grid.Workflows.Worker;
using k8s;
using k8s.Models;

namespace Grid.Workflows.Kubernetes;

/// <summary>
/// The worker side of the <c>kubernetes-job</c> task type: runs a container image as a <c>batch/v1</c> Job (see
/// <see cref="KubernetesJobBuilder"/>) in the configured namespace and follows it. Condition Complete succeeds the
/// task; Failed fails it with the Job's reason and message. On timeout or cancellation the Job is deleted with
/// background propagation, which removes its pod.
/// </summary>
public sealed class KubernetesJobTaskHandler(KubernetesConnection connection) : ClusterTaskHandler<V1Job>(connection)
{
    protected override string TaskType => "kubernetes-job";

    protected override string ResultKey => "kubernetes_job";

    private protected override string Describe(ClusterTaskRun run) => $"Job '{run.ObjectName}'";

    private protected override Task<object> BuildAsync(IKubernetes client, WorkflowTaskContext context, ClusterTaskRun run, ArtifactBucket? bucket, CancellationToken cancellationToken) =>
        Task.FromResult<object>(KubernetesJobBuilder.Build(context, run, TaskResources.Read(context.Manifest.Resources, context.TaskId), Options));

    private protected override Task CreateAsync(IKubernetes client, ClusterTaskRun run, object body, CancellationToken cancellationToken) =>
        client.BatchV1.CreateNamespacedJobAsync((V1Job)body, run.Namespace, cancellationToken: cancellationToken);

    private protected override async Task<(V1Job? Current, string ResourceVersion)> ListAsync(IKubernetes client, ClusterTaskRun run, CancellationToken cancellationToken)
    {
        var list = await client.BatchV1.ListNamespacedJobAsync(run.Namespace, fieldSelector: $"metadata.name={run.ObjectName}", cancellationToken: cancellationToken).ConfigureAwait(false);
        return (list.Items.FirstOrDefault(), list.Metadata?.ResourceVersion ?? "");
    }

    private protected override IAsyncEnumerable<(WatchEventType Type, V1Job Object)> WatchAsync(
        IKubernetes client, ClusterTaskRun run, string resourceVersion, Action<Exception> onError, CancellationToken cancellationToken) =>
        client.BatchV1.WatchListNamespacedJobAsync(run.Namespace, fieldSelector: $"metadata.name={run.ObjectName}", resourceVersion: resourceVersion,
            allowWatchBookmarks: true, timeoutSeconds: (int)Options.WatchRenewal.TotalSeconds, onError: onError, cancellationToken: cancellationToken);

    private protected override Task DeleteAsync(IKubernetes client, ClusterTaskRun run, CancellationToken cancellationToken) =>
        client.BatchV1.DeleteNamespacedJobAsync(run.ObjectName, run.Namespace, propagationPolicy: "Background", cancellationToken: cancellationToken);

    private protected override ClusterOutcome? OutcomeOf(V1Job item)
    {
        var conditions = item.Status?.Conditions ?? [];
        if (conditions.FirstOrDefault(c => c.Type == "Complete" && c.Status == "True") is { } complete)
            return new ClusterOutcome(true, "Complete", complete.Message);
        if (conditions.FirstOrDefault(c => c.Type == "Failed" && c.Status == "True") is { } failed)
            return new ClusterOutcome(false, "Failed", string.Join(": ", new[] { failed.Reason, failed.Message }.Where(t => !string.IsNullOrWhiteSpace(t))));
        return null;
    }
}
