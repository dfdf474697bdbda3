using System.Text;
using Google.Protobuf;
using Grid.Api.V1;

namespace Grid.Workflows.Engine.Tests;

/// <summary>
/// A workflow written the way MONAI Deploy's users write them (timeouts as -1.0, MONAI's status names, patient
/// details, workflow description, execution statistics, context.dicom, output_dir and sub-path inputs), run on the
/// embedded grid. Each condition routes to a task of its own, so the executions say which held.
/// </summary>
[Collection("workflow-grid")]
public sealed class MonaiCompatibilityEndToEndTests(WorkflowGridFixture fixture)
{
    [Fact]
    public async Task Conditions_and_inputs_written_for_monai_deploy_route_and_resolve_on_a_running_instance()
    {
        var json = WorkflowFiles.Read("monai-routing.json");
        var workflowId = (await fixture.Workflows.CreateWorkflowAsync(new CreateWorkflowRequest { DefinitionJson = json })).Workflow.WorkflowId;

        var instanceId = Assert.Single((await fixture.Instances.TriggerWorkflowsAsync(Study(workflowId))).Instances).InstanceId;
        var instance = await InstanceWaits.UntilEndedAsync(fixture.Instances, instanceId);

        InstanceWaits.AssertStatus(WorkflowInstanceStatus.Succeeded, instance);
        Assert.Equal(
            ["body-part-listed", "classify", "fields-of-the-spec", "list-output-dir", "list-series", "patient-adult", "patient-female",
             "route", "stats-recorded", "status-succeeded", "timestamps-as-monai", "workflow-named"],
            instance.Executions.Select(e => e.TaskId).Order(StringComparer.Ordinal));
        Assert.Empty(instance.Executions.SelectMany(e => e.RoutingErrors));

        // output_dir is every output of the task, one folder each; a sub-path keeps only the files under it.
        Assert.Equal("./report/classification.txt\n", Exported(instanceId, "output-dir-listing"));
        Assert.Equal("./slice1.txt\n", Exported(instanceId, "series-listing"));

        // timeout_minutes -1.0 sets no timeout of its own: the grid task keeps the grid's default maximum duration.
        var classify = instance.Executions.Single(e => e.TaskId == "classify");
        var gridTask = (await fixture.Tasks.GetTaskAsync(new GetTaskRequest { TaskId = classify.GridTaskId })).Task;
        Assert.Equal(TimeSpan.FromHours(1), gridTask.Options.MaxDuration.ToTimeSpan());
    }

    private string Exported(string instanceId, string artifact) =>
        File.ReadAllText(Path.Combine(fixture.ExportFolder, instanceId, "RESULTS", artifact, "files.txt"));

    private static TriggerWorkflowsRequest Study(string workflowId)
    {
        var request = new TriggerWorkflowsRequest
        {
            WorkflowIds = { workflowId },
            Dicom = new DicomMetadata
            {
                StudyId = "study-monai",
                Tags = { ["0008,0060"] = "CT", ["0010,0040"] = "F", ["0010,1010"] = "054Y", ["0010,0030"] = "19700131" },
            },
        };
        request.Dicom.Series.Add(new DicomMetadata.Types.Series { Tags = { ["0008,0060"] = "CT" } });
        request.Files.Add(new InputFile { Path = "body_parts.txt", Data = ByteString.CopyFrom("leg", Encoding.UTF8) });
        request.Files.Add(new InputFile { Path = "series1/slice1.txt", Data = ByteString.CopyFrom("slice 1", Encoding.UTF8) });
        return request;
    }
}
