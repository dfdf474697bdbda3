using Grid.Api.V1;
using Grid.Workflows.Engine.Tests.Handlers;

namespace Grid.Workflows.Engine.Tests;

[Collection("workflow-grid")]
public sealed class WorkflowUpdateTests(WorkflowGridFixture fixture)
{
    [Fact]
    public async Task An_instance_running_when_its_workflow_is_updated_finishes_on_its_original_revision()
    {
        var created = (await fixture.Workflows.CreateWorkflowAsync(new CreateWorkflowRequest { DefinitionJson = GatedWorkflow("first_path") })).Workflow;
        var running = (await fixture.Instances.TriggerWorkflowsAsync(Trigger(created.WorkflowId, "gate-update"))).Instances.Single();
        await GateHandler.EnteredAsync("gate-update").WaitAsync(InstanceWaits.Deadline);

        var updated = (await fixture.Workflows.UpdateWorkflowAsync(new UpdateWorkflowRequest { WorkflowId = created.WorkflowId, DefinitionJson = GatedWorkflow("second_path") })).Workflow;
        GateHandler.Open("gate-update");
        var finished = await InstanceWaits.UntilEndedAsync(fixture.Instances, running.InstanceId);

        Assert.Equal(2, updated.Revision);
        InstanceWaits.AssertStatus(WorkflowInstanceStatus.Succeeded, finished);
        Assert.Equal(1, finished.WorkflowRevision);
        Assert.Equal(["hold", "first_path"], finished.Executions.Select(e => e.TaskId));

        // A new trigger runs the new revision; the old one is still readable.
        GateHandler.Open("gate-after-update");
        var next = (await fixture.Instances.TriggerWorkflowsAsync(Trigger(created.WorkflowId, "gate-after-update"))).Instances.Single();
        var nextFinished = await InstanceWaits.UntilEndedAsync(fixture.Instances, next.InstanceId);
        Assert.Equal(2, nextFinished.WorkflowRevision);
        Assert.Equal(["hold", "second_path"], nextFinished.Executions.Select(e => e.TaskId));
        var original = (await fixture.Workflows.GetWorkflowAsync(new GetWorkflowRequest { WorkflowId = created.WorkflowId, Revision = 1 })).Workflow;
        Assert.Contains("first_path", original.DefinitionJson);
    }

    private static TriggerWorkflowsRequest Trigger(string workflowId, string gate) =>
        new() { WorkflowIds = { workflowId }, Dicom = new DicomMetadata { StudyId = gate } };

    private static string GatedWorkflow(string next) => $$"""
        {
          "name": "gated",
          "version": "1",
          "informatics_gateway": { "ae_title": "GATED_AET" },
          "tasks": [
            { "id": "hold", "type": "grid", "args": { "application_name": "{{GateHandler.Application}}" }, "task_destinations": [ { "name": "{{next}}" } ] },
            { "id": "{{next}}", "type": "router" }
          ]
        }
        """;
}
