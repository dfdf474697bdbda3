using System.Text.Json;
using System.Text.Json.Nodes;
using Grid.Worker;
using Grid.Workflows.Worker.Protocol;

namespace Grid.Workflows.Kubernetes;

/// <summary>
/// Builds the Argo <c>Workflow</c> of one task attempt from a WorkflowTemplate's spec (fetched or inline):
/// <list type="bullet">
/// <item>every arg but the reserved ones becomes a workflow parameter (a non-string value as its JSON text);</item>
/// <item>each input artifact becomes a workflow argument artifact read from S3 (a key naming a folder of files), so
/// the entrypoint template receives it by declaring an input artifact of the same name;</item>
/// <item>each output artifact a template declares under the name of one of the task's output artifacts is written to
/// S3 unarchived, where the worker collects it;</item>
/// <item>the task's resources become the requests and limits of every container and script template (whose
/// container gets Argo's name for it, <c>main</c>, when it has none).</item>
/// </list>
/// </summary>
internal static class ArgoWorkflowBuilder
{
    public const string TemplateNameArg = "workflow_template_name";
    public const string TemplateSpecArg = "workflow_template_spec";

    private static readonly HashSet<string> ReservedArgs = [TemplateNameArg, TemplateSpecArg, "partition"];

    public static JsonObject Build(WorkflowTaskManifest manifest, int attempt, ClusterTaskRun run, JsonObject templateSpec,
        IReadOnlyDictionary<string, string> resources, KubernetesTaskOptions options)
    {
        if (templateSpec["templates"] is not JsonArray templates || templates.Count == 0)
            throw new TaskFailedException($"task '{manifest.TaskId}': the workflow template has no templates");
        var spec = (JsonObject)templateSpec.DeepClone();
        var arguments = spec["arguments"] as JsonObject ?? [];
        spec["arguments"] = arguments;
        arguments["parameters"] = Parameters(manifest, arguments["parameters"] as JsonArray);
        if (manifest.Inputs.Count > 0)
            arguments["artifacts"] = InputArtifacts(manifest, run, options.Artifacts, arguments["artifacts"] as JsonArray);
        foreach (var template in ((JsonArray)spec["templates"]!).OfType<JsonObject>())
        {
            SendOutputsToBucket(template, manifest, run, options.Artifacts);
            NameContainer(template);
            if (resources.Count > 0) Request(template, resources);
        }
        if (!string.IsNullOrWhiteSpace(options.ServiceAccountName) && spec["serviceAccountName"] is null)
            spec["serviceAccountName"] = options.ServiceAccountName;
        spec["ttlStrategy"] ??= new JsonObject { ["secondsAfterCompletion"] = (int)options.FinishedRetention.TotalSeconds };

        return new JsonObject
        {
            ["apiVersion"] = $"{ArgoWorkflowResource.Group}/{ArgoWorkflowResource.Version}",
            ["kind"] = "Workflow",
            ["metadata"] = new JsonObject
            {
                ["name"] = run.ObjectName,
                ["namespace"] = run.Namespace,
                ["labels"] = ClusterObjectMetadata.ToJson(ClusterObjectMetadata.Labels()),
                ["annotations"] = ClusterObjectMetadata.ToJson(ClusterObjectMetadata.Annotations(manifest, attempt)),
            },
            ["spec"] = spec,
        };
    }

    /// <summary>The template's own parameters (defaults) with the task's args set over them by name.</summary>
    private static JsonArray Parameters(WorkflowTaskManifest manifest, JsonArray? declared)
    {
        var parameters = (declared ?? []).OfType<JsonObject>().Select(p => (JsonObject)p.DeepClone()).ToList();
        foreach (var (name, value) in manifest.Args.Where(a => !ReservedArgs.Contains(a.Key)).OrderBy(a => a.Key, StringComparer.Ordinal))
        {
            var text = value.ValueKind == JsonValueKind.String ? value.GetString()! : value.GetRawText();
            var existing = parameters.FirstOrDefault(p => (string?)p["name"] == name);
            if (existing is not null) existing["value"] = text;
            else parameters.Add(new JsonObject { ["name"] = name, ["value"] = text });
        }
        return new JsonArray([.. parameters]);
    }

    private static JsonArray InputArtifacts(WorkflowTaskManifest manifest, ClusterTaskRun run, S3ArtifactOptions bucket, JsonArray? declared)
    {
        var artifacts = (declared ?? []).OfType<JsonObject>()
            .Where(a => manifest.Inputs.All(i => i.Name != (string?)a["name"]))
            .Select(a => (JsonObject)a.DeepClone())
            .ToList();
        foreach (var input in manifest.Inputs)
            artifacts.Add(new JsonObject { ["name"] = input.Name, ["s3"] = Location(bucket, $"{run.InputsKey}{input.Name}") });
        return new JsonArray([.. artifacts]);
    }

    private static void SendOutputsToBucket(JsonObject template, WorkflowTaskManifest manifest, ClusterTaskRun run, S3ArtifactOptions bucket)
    {
        if (template["outputs"]?["artifacts"] is not JsonArray artifacts) return;
        foreach (var artifact in artifacts.OfType<JsonObject>())
        {
            var name = (string?)artifact["name"];
            if (manifest.Outputs.All(o => o.Name != name)) continue;
            artifact.Remove("s3");
            artifact["s3"] = Location(bucket, $"{run.OutputsKey}{name}");
            // Unarchived, a folder becomes one object per file, which the worker collects as the artifact's files.
            artifact["archive"] = new JsonObject { ["none"] = new JsonObject() };
        }
    }

    // Argo names a template's container "main" when the template does not; the Workflow schema requires a name.
    private static void NameContainer(JsonObject template)
    {
        foreach (var kind in new[] { "container", "script" })
            if (template[kind] is JsonObject container && container["name"] is null) container["name"] = "main";
    }

    private static void Request(JsonObject template, IReadOnlyDictionary<string, string> resources)
    {
        foreach (var kind in new[] { "container", "script" })
        {
            if (template[kind] is not JsonObject container) continue;
            var requirements = container["resources"] as JsonObject ?? [];
            container["resources"] = requirements;
            foreach (var side in new[] { "requests", "limits" })
            {
                var quantities = requirements[side] as JsonObject ?? [];
                requirements[side] = quantities;
                foreach (var (name, quantity) in resources) quantities[name] = quantity;
            }
        }
    }

    private static JsonObject Location(S3ArtifactOptions bucket, string key)
    {
        var location = new JsonObject
        {
            ["endpoint"] = bucket.PodEndpoint,
            ["bucket"] = bucket.Bucket,
            ["region"] = bucket.Region,
            ["insecure"] = bucket.Insecure,
            ["key"] = key,
        };
        if (!string.IsNullOrWhiteSpace(bucket.CredentialsSecret))
        {
            location["accessKeySecret"] = new JsonObject { ["name"] = bucket.CredentialsSecret, ["key"] = bucket.AccessKeyKey };
            location["secretKeySecret"] = new JsonObject { ["name"] = bucket.CredentialsSecret, ["key"] = bucket.SecretKeyKey };
        }
        return location;
    }
}
