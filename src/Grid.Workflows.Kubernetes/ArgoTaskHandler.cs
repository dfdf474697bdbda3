using System.Net;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using Grid.Worker;
using Grid.Workflows.Worker;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace Grid.Workflows.Kubernetes;

/// <summary>
/// The worker side of the <c>argo</c> task type: submits an Argo <c>Workflow</c> (see <see cref="ArgoWorkflowBuilder"/>)
/// in the configured namespace and follows it. Phase Succeeded succeeds the task; Failed and Error fail it with the
/// workflow's message. On timeout or cancellation the workflow is deleted, which stops its pods.
/// </summary>
public sealed class ArgoTaskHandler(KubernetesConnection connection) : ClusterTaskHandler<ArgoWorkflowResource>(connection)
{
    protected override string TaskType => "argo";

    protected override string ResultKey => "argo_workflow";

    private protected override string Describe(ClusterTaskRun run) => $"Argo workflow '{run.ObjectName}'";

    private protected override async Task<object> BuildAsync(IKubernetes client, WorkflowTaskContext context, ClusterTaskRun run, ArtifactBucket? bucket, CancellationToken cancellationToken)
    {
        var resources = TaskResources.Read(context.Manifest.Resources, context.TaskId);
        var spec = await TemplateSpecAsync(client, context, run, cancellationToken).ConfigureAwait(false);
        return ArgoWorkflowBuilder.Build(context.Manifest, context.Task.Attempt, run, spec, resources, Options);
    }

    private protected override Task CreateAsync(IKubernetes client, ClusterTaskRun run, object body, CancellationToken cancellationToken) =>
        client.CustomObjects.CreateNamespacedCustomObjectAsync(body: body, group: ArgoWorkflowResource.Group, version: ArgoWorkflowResource.Version,
            namespaceParameter: run.Namespace, plural: ArgoWorkflowResource.Plural, cancellationToken: cancellationToken);

    private protected override async Task<(ArgoWorkflowResource? Current, string ResourceVersion)> ListAsync(IKubernetes client, ClusterTaskRun run, CancellationToken cancellationToken)
    {
        var list = await client.CustomObjects.ListNamespacedCustomObjectAsync<ArgoWorkflowResourceList>(
            group: ArgoWorkflowResource.Group, version: ArgoWorkflowResource.Version, namespaceParameter: run.Namespace, plural: ArgoWorkflowResource.Plural,
            fieldSelector: $"metadata.name={run.ObjectName}", cancellationToken: cancellationToken).ConfigureAwait(false);
        return (list.Items.FirstOrDefault(), list.Metadata?.ResourceVersion ?? "");
    }

    private protected override async IAsyncEnumerable<(WatchEventType Type, ArgoWorkflowResource Object)> WatchAsync(
        IKubernetes client, ClusterTaskRun run, string resourceVersion, Action<Exception> onError, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var events = client.CustomObjects.WatchListNamespacedCustomObjectAsync(
            group: ArgoWorkflowResource.Group, version: ArgoWorkflowResource.Version, namespaceParameter: run.Namespace, plural: ArgoWorkflowResource.Plural,
            fieldSelector: $"metadata.name={run.ObjectName}", resourceVersion: resourceVersion, allowWatchBookmarks: true,
            timeoutSeconds: (int)Options.WatchRenewal.TotalSeconds, onError: onError, cancellationToken: cancellationToken);
        // Custom objects arrive untyped: read the parts the handler needs.
        await foreach (var (type, item) in events.ConfigureAwait(false))
            yield return (type, KubernetesJson.Deserialize<ArgoWorkflowResource>(KubernetesJson.Serialize(item)));
    }

    // Deleting (rather than first setting spec.shutdown) stops the pods at once through their owner references; exit
    // handlers do not run, which suits a task the grid has already given up on.
    private protected override Task DeleteAsync(IKubernetes client, ClusterTaskRun run, CancellationToken cancellationToken) =>
        client.CustomObjects.DeleteNamespacedCustomObjectAsync(group: ArgoWorkflowResource.Group, version: ArgoWorkflowResource.Version,
            namespaceParameter: run.Namespace, plural: ArgoWorkflowResource.Plural, name: run.ObjectName,
            body: new V1DeleteOptions { PropagationPolicy = "Background" }, cancellationToken: cancellationToken);

    private protected override ClusterOutcome? OutcomeOf(ArgoWorkflowResource item) => item.Status?.Phase switch
    {
        "Succeeded" => new ClusterOutcome(true, "Succeeded", item.Status.Message),
        "Failed" or "Error" => new ClusterOutcome(false, item.Status.Phase, item.Status.Message),
        _ => null,
    };

    /// <summary>The spec of the WorkflowTemplate named by the args, or the inline one.</summary>
    private async Task<JsonObject> TemplateSpecAsync(IKubernetes client, WorkflowTaskContext context, ClusterTaskRun run, CancellationToken cancellationToken)
    {
        var args = context.Manifest.Args;
        var name = context.StringArg(ArgoWorkflowBuilder.TemplateNameArg);
        var hasInline = args.TryGetValue(ArgoWorkflowBuilder.TemplateSpecArg, out var inline);
        if (string.IsNullOrWhiteSpace(name) == !hasInline)
            throw new TaskFailedException(
                $"task '{context.TaskId}': an argo task needs exactly one of args.{ArgoWorkflowBuilder.TemplateNameArg} (a WorkflowTemplate in namespace '{run.Namespace}') "
                + $"and args.{ArgoWorkflowBuilder.TemplateSpecArg} (the spec of a workflow template: entrypoint and templates)");
        if (hasInline)
            return inline.ValueKind == JsonValueKind.Object
                ? JsonObject.Create(inline)!
                : throw new TaskFailedException($"task '{context.TaskId}': args.{ArgoWorkflowBuilder.TemplateSpecArg} must be an object (entrypoint and templates)");

        JsonElement template;
        try
        {
            template = await client.CustomObjects.GetNamespacedCustomObjectAsync<JsonElement>(group: ArgoWorkflowResource.Group, version: ArgoWorkflowResource.Version,
                namespaceParameter: run.Namespace, plural: ArgoWorkflowResource.TemplatePlural, name: name, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (HttpOperationException e) when (ApiServerErrors.Is(e, HttpStatusCode.NotFound))
        {
            throw new TaskFailedException($"task '{context.TaskId}': WorkflowTemplate '{name}' does not exist in namespace '{run.Namespace}'");
        }
        catch (HttpOperationException e)
        {
            throw new TaskFailedException($"task '{context.TaskId}': WorkflowTemplate '{name}' could not be read from namespace '{run.Namespace}': {ApiServerErrors.Describe(e)}", retryable: true);
        }
        return template.ValueKind == JsonValueKind.Object && template.TryGetProperty("spec", out var spec) && spec.ValueKind == JsonValueKind.Object
            ? JsonObject.Create(spec)!
            : throw new TaskFailedException($"task '{context.TaskId}': WorkflowTemplate '{name}' in namespace '{run.Namespace}' has no spec");
    }
}
