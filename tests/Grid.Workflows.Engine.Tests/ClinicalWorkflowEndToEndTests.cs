using Grid.Api.V1;

namespace Grid.Workflows.Engine.Tests;

/// <summary>
/// The body-router workflow (classifier, router on a DICOM tag and the classifier's result, two parallel branches,
/// a review branch that never fires, an export) run on the embedded grid with real workers.
/// </summary>
[Collection("workflow-grid")]
public sealed class ClinicalWorkflowEndToEndTests(WorkflowGridFixture fixture)
{
    [Fact]
    public async Task Two_inputs_take_the_branches_their_modality_and_body_parts_choose_and_export_their_files()
    {
        var workflowId = await RegisterAsync("route-two");

        var ctChest = await TriggerAsync(Payloads.Study(workflowId, "study-ct-chest", "CT", "chest"));
        var mrChestLeg = await TriggerAsync(Payloads.Study(workflowId, "study-mr-leg", "MR", "chest,leg"));
        var first = await InstanceWaits.UntilEndedAsync(fixture.Instances, ctChest);
        var second = await InstanceWaits.UntilEndedAsync(fixture.Instances, mrChestLeg);

        InstanceWaits.AssertStatus(WorkflowInstanceStatus.Succeeded, first);
        Assert.Equal(["classify", "route", "lung", "export"], first.Executions.Select(e => e.TaskId));
        Assert.Equal(["report/classification.txt", "mask/mask.txt"], ExportedFiles(ctChest));

        // MR: the lung branch needs CT; the leg branch runs.
        InstanceWaits.AssertStatus(WorkflowInstanceStatus.Succeeded, second);
        Assert.Equal(["classify", "route", "bone", "export"], second.Executions.Select(e => e.TaskId));
        Assert.Equal(["report/classification.txt", "measurement/files.txt"], ExportedFiles(mrChestLeg));
        Assert.Equal("body_parts.txt\nseries1\n",
            File.ReadAllText(Path.Combine(fixture.ExportFolder, mrChestLeg, "RESULTS", "measurement", "files.txt")));

        var classify = second.Executions.Single(e => e.TaskId == "classify");
        Assert.Equal(["chest", "leg"], classify.Result.Fields["body_parts"].ListValue.Values.Select(v => v.StringValue));
        Assert.Equal("MR", classify.Result.Fields["modality"].StringValue);
        Assert.True(second.Executions.Single(e => e.TaskId == "bone").Result.Fields["files_listed"].BoolValue);
        Assert.All(first.Executions.Concat(second.Executions), e => Assert.Equal(TaskExecutionStatus.Succeeded, e.Status));
    }

    [Fact]
    public async Task Both_branches_fire_at_once_and_a_branch_that_times_out_is_retried_and_the_instance_succeeds()
    {
        var workflowId = await RegisterAsync("route-retry");

        var instanceId = await TriggerAsync(Payloads.Study(workflowId, "study-ct-both", "CT", "chest,leg", segmenterHangs: 1));
        var instance = await InstanceWaits.UntilEndedAsync(fixture.Instances, instanceId);

        InstanceWaits.AssertStatus(WorkflowInstanceStatus.Succeeded, instance);
        var route = instance.Executions.Single(e => e.TaskId == "route");
        Assert.Equal(2, instance.Executions.Count(e => e.PreviousExecutionId == route.ExecutionId));
        var lung = instance.Executions.Single(e => e.TaskId == "lung");
        Assert.Equal(TaskExecutionStatus.Succeeded, lung.Status);
        var gridTask = (await fixture.Tasks.GetTaskAsync(new GetTaskRequest { TaskId = lung.GridTaskId })).Task;
        Assert.Equal(2, gridTask.Attempt);
        Assert.Equal(WorkflowGridFixture.TimeoutMinute, gridTask.Options.MaxDuration.ToTimeSpan());
        Assert.Equal(1, gridTask.Options.MaxRetries);
        // The export ran after each branch; together they delivered every artifact.
        Assert.Equal(2, instance.Executions.Count(e => e.TaskId == "export"));
        Assert.Equal(["mask/mask.txt", "measurement/files.txt", "report/classification.txt"], ExportedFiles(instanceId).Order());
        Assert.Equal("mask made on attempt 2", File.ReadAllText(Path.Combine(fixture.ExportFolder, instanceId, "RESULTS", "mask", "mask.txt")));
    }

    [Fact]
    public async Task A_branch_that_times_out_on_every_attempt_fails_the_instance_and_its_mask_is_never_exported()
    {
        var workflowId = await RegisterAsync("route-timeout");

        var instanceId = await TriggerAsync(Payloads.Study(workflowId, "study-ct-hang", "CT", "chest", segmenterHangs: 2));
        var instance = await InstanceWaits.UntilEndedAsync(fixture.Instances, instanceId);

        InstanceWaits.AssertStatus(WorkflowInstanceStatus.Failed, instance);
        var lung = instance.Executions.Single(e => e.TaskId == "lung");
        Assert.Equal(TaskExecutionStatus.Failed, lung.Status);
        Assert.Contains("timed out after 2 attempts", lung.ErrorMessage);
        Assert.Contains("task 'lung' failed", instance.ErrorMessage);
        Assert.DoesNotContain(instance.Executions, e => e.TaskId == "export");
        Assert.False(Directory.Exists(Path.Combine(fixture.ExportFolder, instanceId)));
    }

    [Fact]
    public async Task A_missing_mandatory_input_artifact_fails_the_task_that_needs_it()
    {
        // The export needs the lung mask, but an MR study never runs the lung branch.
        var json = WorkflowFiles.ReadAs("body-router.json", "mandatory-mask")
            .Replace("{ \"name\": \"mask\", \"value\": \"{{ context.executions.lung.artifacts.mask }}\" }",
                     "{ \"name\": \"mask\", \"value\": \"{{ context.executions.lung.artifacts.mask }}\", \"mandatory\": true }", StringComparison.Ordinal);
        var workflowId = (await fixture.Workflows.CreateWorkflowAsync(new CreateWorkflowRequest { DefinitionJson = json })).Workflow.WorkflowId;

        var instanceId = await TriggerAsync(Payloads.Study(workflowId, "study-mr-mandatory", "MR", "leg"));
        var instance = await InstanceWaits.UntilEndedAsync(fixture.Instances, instanceId);

        InstanceWaits.AssertStatus(WorkflowInstanceStatus.Failed, instance);
        var export = instance.Executions.Single(e => e.TaskId == "export");
        Assert.Equal(TaskExecutionStatus.Failed, export.Status);
        Assert.Equal("mandatory input artifact 'mask' is missing: task 'lung' has not run in this instance", export.ErrorMessage);
    }

    [Fact]
    public async Task A_trigger_by_ae_title_starts_every_matching_workflow_and_only_those()
    {
        var matching = await RegisterAsync("ae-match", aeTitle: "MATCH_AET");
        await RegisterAsync("ae-other", aeTitle: "OTHER_AET");
        var request = Payloads.Study("unused", "study-ae", "CT", "chest");
        request.WorkflowIds.Clear();
        request.AeTitle = "MATCH_AET";

        request.DataOrigin = "UNKNOWN_MODALITY";
        var fromUnknown = await fixture.Instances.TriggerWorkflowsAsync(request);
        request.DataOrigin = "MODALITY_A";
        var fromKnown = await fixture.Instances.TriggerWorkflowsAsync(request);

        Assert.Empty(fromUnknown.Instances);
        var started = Assert.Single(fromKnown.Instances);
        Assert.Equal(matching, started.WorkflowId);
        InstanceWaits.AssertStatus(WorkflowInstanceStatus.Succeeded, await InstanceWaits.UntilEndedAsync(fixture.Instances, started.InstanceId));
    }

    private async Task<string> RegisterAsync(string name, string aeTitle = "GRID_AET")
    {
        var json = WorkflowFiles.ReadAs("body-router.json", name).Replace("\"GRID_AET\"", $"\"{aeTitle}\"", StringComparison.Ordinal);
        return (await fixture.Workflows.CreateWorkflowAsync(new CreateWorkflowRequest { DefinitionJson = json })).Workflow.WorkflowId;
    }

    private async Task<string> TriggerAsync(TriggerWorkflowsRequest request) =>
        Assert.Single((await fixture.Instances.TriggerWorkflowsAsync(request)).Instances).InstanceId;

    private List<string> ExportedFiles(string instanceId)
    {
        var folder = Path.Combine(fixture.ExportFolder, instanceId, "RESULTS");
        return Directory.Exists(folder)
            ? Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
                .Select(path => Path.GetRelativePath(folder, path).Replace('\\', '/'))
                .OrderBy(path => path.StartsWith("report/", StringComparison.Ordinal) ? 0 : 1)
                .ThenBy(path => path, StringComparer.Ordinal)
                .ToList()
            : [];
    }
}
