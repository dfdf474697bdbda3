using System.Text.Json.Nodes;
using Amazon.S3.Model;
using Grid.Api.V1;
using static Grid.Workflows.Kubernetes.Tests.TestWorkflows;

namespace Grid.Workflows.Kubernetes.Tests;

/// <summary>The kubernetes-job task type on the embedded grid, against the Kubernetes API stand-in and the S3 test server.</summary>
[Collection("kubernetes-grid")]
public sealed class KubernetesJobTaskTests(KubernetesGridFixture fixture)
{
    private const string Jobs = "jobs";
    private const string Namespace = KubernetesGridFixture.Namespace;

    [Fact]
    public async Task A_job_that_completes_gets_its_inputs_from_S3_and_its_outputs_come_back()
    {
        var workflowId = await RegisterAsync(fixture, "job-complete", new JsonArray(
            JsonNode.Parse("""
                {
                  "id": "measure", "type": "kubernetes-job",
                  "args": { "image": "registry.example/measure:3", "command": ["measure"], "arguments": ["--fast"], "env": { "MODE": "volume", "LEVEL": 2 } },
                  "resources": { "cpu": "500m", "memory": "1Gi" },
                  "artifacts": {
                    "input": [ { "name": "scan", "value": "{{ context.input }}", "mandatory": true } ],
                    "output": [ { "name": "measurement", "mandatory": true } ]
                  },
                  "task_destinations": [ { "name": "export" } ]
                }
                """),
            JsonNode.Parse("""
                {
                  "id": "export", "type": "export",
                  "artifacts": { "input": [ { "name": "measurement", "value": "{{ context.executions.measure.artifacts.measurement }}", "mandatory": true } ] },
                  "export_destinations": [ { "name": "RESULTS" } ]
                }
                """)));
        var instanceId = await TriggerAsync(fixture, workflowId);
        var job = await CreatedForAsync(fixture, instanceId, "Job");

        await ManifestSchema.AssertValidAsync(job);
        Assert.Equal(0, (int?)job["spec"]!["backoffLimit"]);
        var pod = job["spec"]!["template"]!["spec"]!;
        Assert.Equal("Never", (string?)pod["restartPolicy"]);
        var container = pod["containers"]![0]!;
        Assert.Equal("registry.example/measure:3", (string?)container["image"]);
        Assert.Equal("500m", (string?)container["resources"]!["limits"]!["cpu"]);
        var env = container["env"]!.AsArray().ToDictionary(e => (string)e!["name"]!, e => e!);
        Assert.Equal("volume", (string?)env["MODE"]["value"]);
        Assert.Equal("2", (string?)env["LEVEL"]["value"]);
        Assert.Equal(KubernetesGridFixture.CredentialsSecret, (string?)env["AWS_ACCESS_KEY_ID"]["valueFrom"]!["secretKeyRef"]!["name"]);
        var inputsKey = (string)env["GRID_INPUTS_KEY"]["value"]!;
        var outputsKey = (string)env["GRID_OUTPUTS_KEY"]["value"]!;

        // What the container would do: read its input from S3, write its output there.
        using var s3 = TestS3.Client();
        using (var input = await s3.GetObjectAsync(TestS3.Bucket, $"{inputsKey}scan/series1/slice1.dcm"))
        using (var reader = new StreamReader(input.ResponseStream))
            Assert.Equal("slice 1", await reader.ReadToEndAsync());
        await s3.PutObjectAsync(new PutObjectRequest { BucketName = TestS3.Bucket, Key = $"{outputsKey}measurement/volume.txt", ContentBody = "12 ml", UseChunkEncoding = false });
        fixture.Api.SetStatus(Jobs, Namespace, NameOf(job), JobStatus("Complete", null, null));

        var instance = await InstanceWaits.UntilEndedAsync(fixture.Instances, instanceId);
        InstanceWaits.AssertStatus(WorkflowInstanceStatus.Succeeded, instance);
        Assert.Equal(NameOf(job), instance.Executions.Single(e => e.TaskId == "measure").Result.Fields["kubernetes_job"].StringValue);
        Assert.Equal("12 ml", File.ReadAllText(Path.Combine(fixture.ExportFolder, instanceId, "RESULTS", "measurement", "volume.txt")));
    }

    [Fact]
    public async Task A_job_that_fails_fails_the_task_with_its_reason_and_message()
    {
        var workflowId = await RegisterAsync(fixture, "job-failed", new JsonArray(JobTask("measure")));
        var instanceId = await TriggerAsync(fixture, workflowId);
        var job = await CreatedForAsync(fixture, instanceId, "Job");

        fixture.Api.SetStatus(Jobs, Namespace, NameOf(job), JobStatus("Failed", "BackoffLimitExceeded", "Job has reached the specified backoff limit"));

        var instance = await InstanceWaits.UntilEndedAsync(fixture.Instances, instanceId);
        InstanceWaits.AssertStatus(WorkflowInstanceStatus.Failed, instance);
        var execution = instance.Executions.Single(e => e.TaskId == "measure");
        Assert.Equal(TaskExecutionStatus.Failed, execution.Status);
        Assert.Contains($"task 'measure': Job '{NameOf(job)}' ended Failed: BackoffLimitExceeded: Job has reached the specified backoff limit", execution.ErrorMessage);
    }

    [Fact]
    public async Task A_job_that_times_out_is_deleted_with_background_propagation()
    {
        var task = JobTask("slow");
        task["timeout_minutes"] = 1;
        var workflowId = await RegisterAsync(fixture, "job-timeout", new JsonArray(task));
        var instanceId = await TriggerAsync(fixture, workflowId);
        var name = NameOf(await CreatedForAsync(fixture, instanceId, "Job"));

        var instance = await InstanceWaits.UntilEndedAsync(fixture.Instances, instanceId);
        InstanceWaits.AssertStatus(WorkflowInstanceStatus.Failed, instance);
        Assert.Contains("timed out", instance.Executions.Single(e => e.TaskId == "slow").ErrorMessage);
        await fixture.Api.WaitAsync(api => api.Get(Jobs, Namespace, name) is null, $"the deletion of {name}");
        var delete = Assert.Single(fixture.Api.Requests, r => r.Method == "DELETE" && r.Path.EndsWith($"/jobs/{name}", StringComparison.Ordinal));
        Assert.Equal("Background", delete.QueryValue("propagationPolicy"));
    }

    private static JsonObject JobTask(string id) =>
        (JsonObject)JsonNode.Parse($$"""{ "id": "{{id}}", "type": "kubernetes-job", "args": { "image": "registry.example/measure:3" } }""")!;

    private static JsonObject JobStatus(string condition, string? reason, string? message)
    {
        var entry = new JsonObject { ["type"] = condition, ["status"] = "True" };
        if (reason is not null) entry["reason"] = reason;
        if (message is not null) entry["message"] = message;
        return new JsonObject { ["conditions"] = new JsonArray(entry) };
    }
}
