using Grid.Workflows.Engine.Instances;
using Grid.Workflows.Engine.Plugins;
using Grid.Workflows.Engine.Registry;

namespace Grid.Workflows.Engine.Tests;

public sealed class WorkflowRegistryTests
{
    private static readonly TaskPluginCatalog Plugins = new([new GridWorkerPoolPlugin(), new CommandPlugin()]);

    [Fact]
    public async Task An_update_adds_a_revision_and_keeps_the_previous_one_readable()
    {
        var registry = new WorkflowRegistry(new JsonWorkflowStore(null), Plugins, TimeProvider.System);
        var json = WorkflowFiles.ReadAs("body-router.json", "revisions");

        var first = await registry.CreateAsync(json, default);
        var second = await registry.UpdateAsync(first.WorkflowId, json.Replace("\"version\": \"1.0\"", "\"version\": \"2.0\"", StringComparison.Ordinal), default);

        Assert.Equal(2, second.Revision);
        Assert.Equal("2.0", (await registry.GetAsync(first.WorkflowId, null, default)).Version);
        Assert.Equal("1.0", (await registry.GetAsync(first.WorkflowId, 1, default)).Version);
    }

    [Fact]
    public async Task A_second_live_workflow_with_the_same_name_is_refused_as_a_conflict()
    {
        var registry = new WorkflowRegistry(new JsonWorkflowStore(null), Plugins, TimeProvider.System);
        var json = WorkflowFiles.ReadAs("body-router.json", "twice");
        await registry.CreateAsync(json, default);

        var refused = await Assert.ThrowsAsync<WorkflowRequestException>(() => registry.CreateAsync(json, default));

        Assert.Equal(WorkflowRequestFailure.Conflict, refused.Failure);
        Assert.Equal("$.name", Assert.Single(refused.Errors).Path);
    }

    [Fact]
    public async Task A_deleted_workflow_is_gone_from_lists_but_its_revisions_stay_readable_for_its_instances()
    {
        var registry = new WorkflowRegistry(new JsonWorkflowStore(null), Plugins, TimeProvider.System);
        var created = await registry.CreateAsync(WorkflowFiles.ReadAs("body-router.json", "deleted"), default);

        await registry.DeleteAsync(created.WorkflowId, default);

        Assert.Empty(await registry.ListAsync(null, includeDeleted: false, default));
        var gone = await Assert.ThrowsAsync<WorkflowRequestException>(() => registry.GetAsync(created.WorkflowId, null, default));
        Assert.Equal(WorkflowRequestFailure.NotFound, gone.Failure);
        Assert.Equal(created.DefinitionJson, (await registry.GetAsync(created.WorkflowId, 1, default)).DefinitionJson);
    }

    [Fact]
    public async Task Workflows_and_instances_kept_in_a_folder_are_there_after_reopening_it()
    {
        var folder = Path.Combine(Path.GetTempPath(), $"grid-registry-{Guid.NewGuid():N}");
        try
        {
            var registry = new WorkflowRegistry(new JsonWorkflowStore(Path.Combine(folder, "registry")), Plugins, TimeProvider.System);
            var created = await registry.CreateAsync(WorkflowFiles.ReadAs("body-router.json", "durable"), default);
            var instance = new WorkflowInstance
            {
                InstanceId = "wi-1", WorkflowId = created.WorkflowId, WorkflowRevision = 1, WorkflowName = "durable",
                SessionId = "s-1", InputResultId = "r-1", CreatedAt = DateTimeOffset.UtcNow,
                Executions = { new TaskExecution { ExecutionId = "ex-1", TaskId = "classify", TaskType = "grid", GridTaskId = "t-1" } },
            };
            await new JsonWorkflowInstanceStore(Path.Combine(folder, "instances")).SaveAsync(instance, default);

            var reopened = new WorkflowRegistry(new JsonWorkflowStore(Path.Combine(folder, "registry")), Plugins, TimeProvider.System);
            var instances = new JsonWorkflowInstanceStore(Path.Combine(folder, "instances"));

            Assert.Equal(created.DefinitionJson, (await reopened.GetAsync(created.WorkflowId, null, default)).DefinitionJson);
            var read = await instances.GetAsync("wi-1", default);
            Assert.Equal("t-1", Assert.Single(read!.Executions).GridTaskId);
            Assert.Equal(WorkflowInstanceStatus.Running, read.Status);
        }
        finally
        {
            if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        }
    }
}
