using System.Text.Json.Nodes;
using Amazon.S3.Model;
using Grid.Api.V1;
using static Grid.Workflows.Kubernetes.Tests.TestWorkflows;

namespace Grid.Workflows.Kubernetes.Tests;

/// <summary>The argo task type on the embedded grid, against the Kubernetes API stand-in and the S3 test server.</summary>
[Collection("kubernetes-grid")]
public sealed class ArgoTaskTests(KubernetesGridFixture fixture)
{
    private const string Workflows = "workflows";

    [Fact]
    public async Task A_workflow_from_a_template_gets_the_args_resources_and_artifacts_and_its_outputs_come_back_from_S3()
    {
        fixture.Api.Put("workflowtemplates", KubernetesGridFixture.Namespace, SegmentationTemplate());
        var workflowId = await RegisterAsync(fixture, "argo-template", new JsonArray(
            JsonNode.Parse("""
                {
                  "id": "segment", "type": "argo",
                  "args": { "workflow_template_name": "segmentation", "threshold": "0.5", "model": { "name": "unet", "version": 2 } },
                  "resources": { "cpu": 2, "memory": "4Gi", "gpu": 1 },
                  "artifacts": {
                    "input": [ { "name": "scan", "value": "{{ context.input }}", "mandatory": true } ],
                    "output": [ { "name": "mask", "mandatory": true } ]
                  },
                  "task_destinations": [ { "name": "export" } ]
                }
                """),
            JsonNode.Parse("""
                {
                  "id": "export", "type": "export",
                  "artifacts": { "input": [ { "name": "mask", "value": "{{ context.executions.segment.artifacts.mask }}", "mandatory": true } ] },
                  "export_destinations": [ { "name": "RESULTS" } ]
                }
                """)));

        var instanceId = await TriggerAsync(fixture, workflowId, new Dictionary<string, string>
        {
            ["series1/slice1.dcm"] = "slice 1",
            ["series1/slice2.dcm"] = "slice 2",
        });
        var workflow = await CreatedForAsync(fixture, instanceId, "Workflow");

        await ManifestSchema.AssertValidAsync(workflow);
        var spec = workflow["spec"]!;
        Assert.Equal("segment", (string?)spec["entrypoint"]);
        var parameters = spec["arguments"]!["parameters"]!.AsArray().ToDictionary(p => (string)p!["name"]!, p => (string?)p!["value"]);
        Assert.Equal("0.5", parameters["threshold"]);
        Assert.Equal("""{"name":"unet","version":2}""", parameters["model"]);
        Assert.Equal("kept", parameters["untouched"]);
        Assert.DoesNotContain("workflow_template_name", parameters.Keys);

        var container = spec["templates"]![0]!["container"]!;
        foreach (var side in new[] { "requests", "limits" })
        {
            Assert.Equal("2", (string?)container["resources"]![side]!["cpu"]);
            Assert.Equal("4Gi", (string?)container["resources"]![side]!["memory"]);
            Assert.Equal("1", (string?)container["resources"]![side]!["nvidia.com/gpu"]);
        }

        var input = spec["arguments"]!["artifacts"]!.AsArray().Single()!;
        Assert.Equal("scan", (string?)input["name"]);
        var inputKey = (string)input["s3"]!["key"]!;
        Assert.StartsWith($"{fixture.KeyPrefix}{instanceId}/", inputKey);
        Assert.Equal(TestS3.Bucket, (string?)input["s3"]!["bucket"]);
        Assert.Equal(KubernetesGridFixture.CredentialsSecret, (string?)input["s3"]!["accessKeySecret"]!["name"]);
        var output = spec["templates"]![0]!["outputs"]!["artifacts"]!.AsArray().Single()!;
        Assert.NotNull(output["archive"]!["none"]);
        var outputKey = (string)output["s3"]!["key"]!;

        // The input files are in S3 before the workflow runs; the workflow writes its outputs there.
        using var s3 = TestS3.Client();
        Assert.Equal(["slice 1", "slice 2"], await ReadAllAsync(s3, $"{inputKey}/series1/"));
        await PutAsync(s3, $"{outputKey}/mask.txt", "mask of 2 slices");
        await PutAsync(s3, $"{outputKey}/details/volume.txt", "12 ml");
        fixture.Api.SetStatus(Workflows, KubernetesGridFixture.Namespace, NameOf(workflow), Status("Running"));
        fixture.Api.SetStatus(Workflows, KubernetesGridFixture.Namespace, NameOf(workflow), Status("Succeeded"));

        var instance = await InstanceWaits.UntilEndedAsync(fixture.Instances, instanceId);
        InstanceWaits.AssertStatus(WorkflowInstanceStatus.Succeeded, instance);
        var segment = instance.Executions.Single(e => e.TaskId == "segment");
        Assert.Equal(NameOf(workflow), segment.Result.Fields["argo_workflow"].StringValue);
        Assert.Equal("Succeeded", segment.Result.Fields["phase"].StringValue);
        var exported = Path.Combine(fixture.ExportFolder, instanceId, "RESULTS", "mask");
        Assert.Equal("mask of 2 slices", File.ReadAllText(Path.Combine(exported, "mask.txt")));
        Assert.Equal("12 ml", File.ReadAllText(Path.Combine(exported, "details", "volume.txt")));
    }

    [Theory]
    [InlineData("Failed")]
    [InlineData("Error")]
    public async Task A_workflow_that_ends_failed_or_errored_fails_the_task_with_its_message(string phase)
    {
        var workflowId = await RegisterAsync(fixture, $"argo-{phase}", new JsonArray(InlineTask("analyse")));
        var instanceId = await TriggerAsync(fixture, workflowId);
        var workflow = await CreatedForAsync(fixture, instanceId, "Workflow");
        await ManifestSchema.AssertValidAsync(workflow);

        fixture.Api.SetStatus(Workflows, KubernetesGridFixture.Namespace, NameOf(workflow), Status(phase, "child 'analyse-1' failed: exit code 3"));

        var instance = await InstanceWaits.UntilEndedAsync(fixture.Instances, instanceId);
        InstanceWaits.AssertStatus(WorkflowInstanceStatus.Failed, instance);
        var execution = instance.Executions.Single(e => e.TaskId == "analyse");
        Assert.Equal(TaskExecutionStatus.Failed, execution.Status);
        Assert.Contains($"task 'analyse': Argo workflow '{NameOf(workflow)}' ended {phase}: child 'analyse-1' failed: exit code 3", execution.ErrorMessage);
    }

    [Fact]
    public async Task A_task_that_times_out_deletes_its_workflow_and_fails_as_timed_out()
    {
        var task = InlineTask("slow");
        task["timeout_minutes"] = 1;
        var workflowId = await RegisterAsync(fixture, "argo-timeout", new JsonArray(task));
        var instanceId = await TriggerAsync(fixture, workflowId);
        var name = NameOf(await CreatedForAsync(fixture, instanceId, "Workflow"));
        fixture.Api.SetStatus(Workflows, KubernetesGridFixture.Namespace, name, Status("Running"));

        // Never finishes: the grid cancels the attempt after its timeout, and the handler deletes the workflow.
        var instance = await InstanceWaits.UntilEndedAsync(fixture.Instances, instanceId);
        InstanceWaits.AssertStatus(WorkflowInstanceStatus.Failed, instance);
        var execution = instance.Executions.Single(e => e.TaskId == "slow");
        Assert.Equal(TaskExecutionStatus.Failed, execution.Status);
        Assert.Contains("timed out", execution.ErrorMessage);
        await fixture.Api.WaitAsync(api => api.Get(Workflows, KubernetesGridFixture.Namespace, name) is null, $"the deletion of {name}");
        Assert.Contains(fixture.Api.Requests, r => r.Method == "DELETE" && r.Path.EndsWith($"/workflows/{name}", StringComparison.Ordinal)
            && r.Body.Contains("\"propagationPolicy\":\"Background\"", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_cancelled_task_deletes_its_workflow()
    {
        // A router starts both branches; the other branch fails once the workflow exists, which fails the instance
        // and cancels the argo task.
        var workflowId = await RegisterAsync(fixture, "argo-cancel", new JsonArray(
            JsonNode.Parse("""{ "id": "start", "type": "router", "task_destinations": [ { "name": "analyse" }, { "name": "breaker" } ] }"""),
            InlineTask("analyse"),
            JsonNode.Parse($$"""{ "id": "breaker", "type": "grid", "args": { "application_name": "{{FailWhenObjectExistsHandler.Application}}" } }""")));
        var instanceId = await TriggerAsync(fixture, workflowId);
        var name = NameOf(await CreatedForAsync(fixture, instanceId, "Workflow"));

        var instance = await InstanceWaits.UntilEndedAsync(fixture.Instances, instanceId);
        InstanceWaits.AssertStatus(WorkflowInstanceStatus.Failed, instance);
        Assert.Equal(TaskExecutionStatus.Cancelled, instance.Executions.Single(e => e.TaskId == "analyse").Status);
        await fixture.Api.WaitAsync(api => api.Get(Workflows, KubernetesGridFixture.Namespace, name) is null, $"the deletion of {name}");
    }

    /// <summary>An argo task with an inline template of one container and no artifacts.</summary>
    internal static JsonObject InlineTask(string id) => (JsonObject)JsonNode.Parse($$"""
        {
          "id": "{{id}}", "type": "argo",
          "args": {
            "workflow_template_spec": {
              "entrypoint": "main",
              "templates": [ { "name": "main", "container": { "image": "registry.example/analyser:1", "args": ["{{"{{"}}workflow.parameters.mode{{"}}"}}"] } } ]
            },
            "mode": "fast"
          }
        }
        """)!;

    private static JsonObject SegmentationTemplate() => (JsonObject)JsonNode.Parse("""
        {
          "apiVersion": "argoproj.io/v1alpha1", "kind": "WorkflowTemplate",
          "metadata": { "name": "segmentation" },
          "spec": {
            "entrypoint": "segment",
            "arguments": { "parameters": [ { "name": "threshold", "value": "0.1" }, { "name": "untouched", "value": "kept" } ] },
            "templates": [
              {
                "name": "segment",
                "inputs": { "artifacts": [ { "name": "scan", "path": "/in" } ] },
                "outputs": { "artifacts": [ { "name": "mask", "path": "/out" } ] },
                "container": { "image": "registry.example/segmenter:1", "command": ["segment", "/in", "/out"] }
              }
            ]
          }
        }
        """)!;

    private static async Task<List<string>> ReadAllAsync(Amazon.S3.AmazonS3Client s3, string prefix)
    {
        var listing = await s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = TestS3.Bucket, Prefix = prefix });
        var texts = new List<string>();
        foreach (var entry in (listing.S3Objects ?? []).OrderBy(o => o.Key, StringComparer.Ordinal))
        {
            using var response = await s3.GetObjectAsync(TestS3.Bucket, entry.Key);
            using var reader = new StreamReader(response.ResponseStream);
            texts.Add(await reader.ReadToEndAsync());
        }
        return texts;
    }

    private static Task PutAsync(Amazon.S3.AmazonS3Client s3, string key, string text) =>
        s3.PutObjectAsync(new PutObjectRequest { BucketName = TestS3.Bucket, Key = key, ContentBody = text, UseChunkEncoding = false });
}
