using System.Text.Json;
using Grid.Worker;
using Grid.Workflows.Worker;
using k8s.Models;

namespace Grid.Workflows.Kubernetes;

/// <summary>
/// Builds the <c>batch/v1</c> Job of one task attempt: one container running <c>args.image</c> (with
/// <c>args.command</c>, <c>args.arguments</c> and <c>args.env</c>), never restarted or retried by Kubernetes (the
/// grid retries), and removed by Kubernetes a while after it finishes. The container finds its artifacts in S3
/// through environment variables: input artifact <c>x</c> under <c>$GRID_INPUTS_KEY/x/</c>, output artifact
/// <c>y</c> to be written under <c>$GRID_OUTPUTS_KEY/y/</c>, in bucket <c>$GRID_ARTIFACTS_BUCKET</c> at
/// <c>$AWS_ENDPOINT_URL</c>, with credentials in the usual <c>AWS_*</c> variables.
/// </summary>
internal static class KubernetesJobBuilder
{
    public const string ContainerName = "task";

    public static V1Job Build(WorkflowTaskContext context, ClusterTaskRun run, IReadOnlyDictionary<string, string> resources, KubernetesTaskOptions options)
    {
        var image = context.StringArg("image");
        if (string.IsNullOrWhiteSpace(image))
            throw new TaskFailedException($"task '{context.TaskId}': a kubernetes-job task needs args.image (the container image to run)");
        var container = new V1Container
        {
            Name = ContainerName,
            Image = image,
            Command = Command(context),
            Args = StringList(context, "arguments"),
            Env = [.. UserEnvironment(context), .. GridEnvironment(context, run, options.Artifacts)],
        };
        if (resources.Count > 0)
        {
            var quantities = resources.ToDictionary(r => r.Key, r => new ResourceQuantity(r.Value));
            container.Resources = new V1ResourceRequirements { Requests = quantities, Limits = new Dictionary<string, ResourceQuantity>(quantities) };
        }
        var labels = ClusterObjectMetadata.Labels();
        return new V1Job
        {
            ApiVersion = "batch/v1",
            Kind = "Job",
            Metadata = new V1ObjectMeta
            {
                Name = run.ObjectName,
                NamespaceProperty = run.Namespace,
                Labels = labels,
                Annotations = ClusterObjectMetadata.Annotations(context.Manifest, context.Task.Attempt),
            },
            Spec = new V1JobSpec
            {
                BackoffLimit = 0,
                TtlSecondsAfterFinished = (int)options.FinishedRetention.TotalSeconds,
                Template = new V1PodTemplateSpec
                {
                    Metadata = new V1ObjectMeta { Labels = new Dictionary<string, string>(labels) },
                    Spec = new V1PodSpec
                    {
                        RestartPolicy = "Never",
                        ServiceAccountName = string.IsNullOrWhiteSpace(options.ServiceAccountName) ? null : options.ServiceAccountName,
                        Containers = [container],
                    },
                },
            },
        };
    }

    private static List<string>? Command(WorkflowTaskContext context)
    {
        if (!context.Manifest.Args.TryGetValue("command", out var value)) return null;
        return value.ValueKind == JsonValueKind.String ? [value.GetString()!] : StringList(context, "command");
    }

    private static List<string>? StringList(WorkflowTaskContext context, string name)
    {
        if (!context.Manifest.Args.TryGetValue(name, out var value)) return null;
        if (value.ValueKind != JsonValueKind.Array || value.EnumerateArray().Any(a => a.ValueKind != JsonValueKind.String))
            throw new TaskFailedException($"task '{context.TaskId}': args.{name} must be a list of strings");
        return value.EnumerateArray().Select(a => a.GetString()!).ToList();
    }

    private static IEnumerable<V1EnvVar> UserEnvironment(WorkflowTaskContext context)
    {
        if (!context.Manifest.Args.TryGetValue("env", out var env)) return [];
        if (env.ValueKind != JsonValueKind.Object || env.EnumerateObject().Any(v => v.Value.ValueKind is JsonValueKind.Object or JsonValueKind.Array))
            throw new TaskFailedException($"task '{context.TaskId}': args.env must be an object of variable names to text, numbers or booleans");
        return env.EnumerateObject()
            .Select(v => Variable(v.Name, v.Value.ValueKind == JsonValueKind.String ? v.Value.GetString()! : v.Value.GetRawText()))
            .ToList();
    }

    private static IEnumerable<V1EnvVar> GridEnvironment(WorkflowTaskContext context, ClusterTaskRun run, S3ArtifactOptions bucket)
    {
        yield return Variable("GRID_TASK_ID", context.TaskId);
        yield return Variable("GRID_INSTANCE_ID", context.Manifest.InstanceId);
        yield return Variable("GRID_EXECUTION_ID", context.Manifest.ExecutionId);
        yield return Variable("GRID_INPUT_NAMES", string.Join(',', context.InputNames));
        yield return Variable("GRID_OUTPUT_NAMES", string.Join(',', context.OutputNames));
        if (!bucket.IsConfigured) yield break;
        yield return Variable("GRID_ARTIFACTS_BUCKET", bucket.Bucket);
        yield return Variable("GRID_INPUTS_KEY", run.InputsKey);
        yield return Variable("GRID_OUTPUTS_KEY", run.OutputsKey);
        yield return Variable("AWS_ENDPOINT_URL", $"{(bucket.Insecure ? "http" : "https")}://{bucket.PodEndpoint}");
        yield return Variable("AWS_REGION", bucket.Region);
        if (string.IsNullOrWhiteSpace(bucket.CredentialsSecret)) yield break;
        yield return new V1EnvVar { Name = "AWS_ACCESS_KEY_ID", ValueFrom = new V1EnvVarSource { SecretKeyRef = new V1SecretKeySelector { Key = bucket.AccessKeyKey, Name = bucket.CredentialsSecret } } };
        yield return new V1EnvVar { Name = "AWS_SECRET_ACCESS_KEY", ValueFrom = new V1EnvVarSource { SecretKeyRef = new V1SecretKeySelector { Key = bucket.SecretKeyKey, Name = bucket.CredentialsSecret } } };
    }

    private static V1EnvVar Variable(string name, string? value) => new() { Name = name, Value = value };
}
