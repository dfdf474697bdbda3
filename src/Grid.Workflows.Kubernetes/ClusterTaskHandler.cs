using System.Net;
using Grid.Worker;
using Grid.Workflows.Worker;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace Grid.Workflows.Kubernetes;

/// <summary>
/// The sequence shared by the task types that run in the cluster: build the object from the task's args, upload the
/// input artifacts to S3, create the object, watch it to its end, then download the output artifacts. When the task
/// times out or is cancelled, the object is deleted (its pods go with it) before the attempt ends.
/// A failed or errored run fails the attempt (retried while retries remain) with the cluster's message.
/// </summary>
public abstract class ClusterTaskHandler<TObject>(KubernetesConnection connection) : WorkflowTaskHandler
    where TObject : class, IKubernetesObject<V1ObjectMeta>
{
    // Deleting the object on timeout or cancellation must outlive the cancelled attempt, but not hang it.
    private static readonly TimeSpan StopDeadline = TimeSpan.FromSeconds(30);

    protected KubernetesConnection Connection { get; } = connection;

    protected KubernetesTaskOptions Options => Connection.Options;

    /// <summary>The task type, for messages.</summary>
    protected abstract string TaskType { get; }

    /// <summary>"Argo workflow 'name'", "Job 'name'": how messages name the object.</summary>
    private protected abstract string Describe(ClusterTaskRun run);

    /// <summary>The object to create; invalid args fail here, before anything is uploaded or created.</summary>
    private protected abstract Task<object> BuildAsync(IKubernetes client, WorkflowTaskContext context, ClusterTaskRun run, ArtifactBucket? bucket, CancellationToken cancellationToken);

    private protected abstract Task CreateAsync(IKubernetes client, ClusterTaskRun run, object body, CancellationToken cancellationToken);

    private protected abstract Task<(TObject? Current, string ResourceVersion)> ListAsync(IKubernetes client, ClusterTaskRun run, CancellationToken cancellationToken);

    private protected abstract IAsyncEnumerable<(WatchEventType Type, TObject Object)> WatchAsync(
        IKubernetes client, ClusterTaskRun run, string resourceVersion, Action<Exception> onError, CancellationToken cancellationToken);

    private protected abstract Task DeleteAsync(IKubernetes client, ClusterTaskRun run, CancellationToken cancellationToken);

    /// <summary>The outcome once the object has finished, null while it runs.</summary>
    private protected abstract ClusterOutcome? OutcomeOf(TObject item);

    /// <summary>Result metadata naming the object (for example <c>argo_workflow</c>).</summary>
    protected abstract string ResultKey { get; }

    protected sealed override async Task HandleAsync(WorkflowTaskContext context, CancellationToken cancellationToken)
    {
        var client = Connection.Client(context.TaskId, TaskType);
        var run = ClusterTaskRun.For(context, Options);
        var what = Describe(run);
        using var bucket = BucketFor(context);
        var body = await BuildAsync(client, context, run, bucket, cancellationToken).ConfigureAwait(false);
        if (bucket is not null) await UploadInputsAsync(context, run, bucket, cancellationToken).ConfigureAwait(false);

        ClusterOutcome outcome;
        try
        {
            await CreateOrAdoptAsync(client, context, run, body, what, cancellationToken).ConfigureAwait(false);
            var watch = new ObjectWatch<TObject>(what, ct => ListAsync(client, run, ct), (version, onError, ct) => WatchAsync(client, run, version, onError, ct), Connection.Logger);
            outcome = await watch.UntilAsync(OutcomeOf, context.TaskId, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await StopAsync(client, run, what).ConfigureAwait(false);
            throw;
        }
        KubernetesLog.Finished(Connection.Logger, context.TaskId, what, outcome.Phase);
        context.Result[ResultKey] = run.ObjectName;
        context.Result["kubernetes_namespace"] = run.Namespace;
        context.Result["phase"] = outcome.Phase;
        if (!outcome.Succeeded)
        {
            var message = string.IsNullOrWhiteSpace(outcome.Message) ? "" : $": {outcome.Message}";
            throw new TaskFailedException($"task '{context.TaskId}': {what} ended {outcome.Phase}{message}", retryable: true);
        }
        if (bucket is not null) await DownloadOutputsAsync(context, run, bucket, cancellationToken).ConfigureAwait(false);
    }

    private ArtifactBucket? BucketFor(WorkflowTaskContext context)
    {
        if (!Options.Artifacts.IsConfigured)
        {
            if (context.InputNames.Count == 0 && context.OutputNames.Count == 0) return null;
            throw new TaskFailedException(
                $"task '{context.TaskId}' has artifacts, and this worker has no S3 bucket to pass them through: "
                + $"set {KubernetesTaskOptions.Section}:Artifacts:ServiceUrl and :Bucket");
        }
        return new ArtifactBucket(Options.Artifacts);
    }

    private async Task CreateOrAdoptAsync(IKubernetes client, WorkflowTaskContext context, ClusterTaskRun run, object body, string what, CancellationToken cancellationToken)
    {
        try
        {
            await CreateAsync(client, run, body, cancellationToken).ConfigureAwait(false);
            KubernetesLog.Created(Connection.Logger, context.TaskId, what, run.Namespace);
        }
        catch (HttpOperationException e) when (ApiServerErrors.Is(e, HttpStatusCode.Conflict))
        {
            // The name is unique to this execution and attempt: the object is this attempt's own, created by a try
            // whose answer was lost (a retried 5xx, a dropped connection).
            KubernetesLog.Adopted(Connection.Logger, context.TaskId, what);
        }
        catch (HttpOperationException e)
        {
            throw new TaskFailedException($"task '{context.TaskId}': {what} could not be created in namespace '{run.Namespace}': {ApiServerErrors.Describe(e)}",
                retryable: e.Response?.StatusCode is not (HttpStatusCode.BadRequest or HttpStatusCode.UnprocessableEntity or HttpStatusCode.Forbidden or HttpStatusCode.NotFound));
        }
    }

    private async Task StopAsync(IKubernetes client, ClusterTaskRun run, string what)
    {
        using var deadline = new CancellationTokenSource(StopDeadline);
        try
        {
            await DeleteAsync(client, run, deadline.Token).ConfigureAwait(false);
            KubernetesLog.DeletedOnStop(Connection.Logger, run.TaskId, what);
        }
        catch (HttpOperationException e) when (ApiServerErrors.Is(e, HttpStatusCode.NotFound))
        {
        }
        catch (Exception e) when (e is HttpOperationException or HttpRequestException or IOException or OperationCanceledException)
        {
            KubernetesLog.DeleteOnStopFailed(Connection.Logger, run.TaskId, what, e is HttpOperationException api ? ApiServerErrors.Describe(api) : e.Message);
        }
    }

    private static async Task UploadInputsAsync(WorkflowTaskContext context, ClusterTaskRun run, ArtifactBucket bucket, CancellationToken cancellationToken)
    {
        foreach (var name in context.InputNames)
        {
            try
            {
                await bucket.UploadAsync($"{run.InputsKey}{name}/", context.ReadInput(name), cancellationToken).ConfigureAwait(false);
            }
            catch (Amazon.Runtime.AmazonClientException e)
            {
                throw new TaskFailedException($"task '{context.TaskId}': input artifact '{name}' could not be uploaded to S3 bucket '{bucket.Options.Bucket}': {e.Message}", retryable: true);
            }
        }
    }

    private static async Task DownloadOutputsAsync(WorkflowTaskContext context, ClusterTaskRun run, ArtifactBucket bucket, CancellationToken cancellationToken)
    {
        foreach (var name in context.OutputNames)
        {
            IReadOnlyList<Worker.Protocol.ArtifactFile> files;
            try
            {
                files = await bucket.DownloadAsync($"{run.OutputsKey}{name}/", cancellationToken).ConfigureAwait(false);
            }
            catch (Amazon.Runtime.AmazonClientException e)
            {
                throw new TaskFailedException($"task '{context.TaskId}': output artifact '{name}' could not be downloaded from S3 bucket '{bucket.Options.Bucket}': {e.Message}", retryable: true);
            }
            foreach (var file in files)
            {
                if (file.Path.Split('/').Any(part => part is "" or ".." or "."))
                    throw new TaskFailedException($"task '{context.TaskId}': output artifact '{name}' holds an object whose key '{run.OutputsKey}{name}/{file.Path}' is not a plain relative file path");
                context.AddOutputFile(name, file.Path, file.Data);
            }
        }
    }
}
