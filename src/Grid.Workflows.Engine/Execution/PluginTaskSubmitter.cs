using Google.Protobuf.WellKnownTypes;
using Grid.Api.V1;
using Grid.Client;
using Grid.Workflows.Engine.Instances;
using TaskExecution = Grid.Workflows.Engine.Instances.TaskExecution;
using WorkflowInstance = Grid.Workflows.Engine.Instances.WorkflowInstance;
using Grid.Workflows.Engine.Plugins;
using Grid.Workflows.Engine.Registry;
using Grid.Workflows.Worker.Protocol;

namespace Grid.Workflows.Engine.Execution;

/// <summary>
/// Turns one execution of a plugin task into one grid task: the manifest is the payload, the input artifacts are
/// data dependencies, the output artifacts and the report are expected outputs, and <c>timeout_minutes</c> and
/// the retries become the task's max duration and max retries.
/// </summary>
internal sealed class PluginTaskSubmitter(GridClient grid, WorkflowEngineOptions options)
{
    // Outputs are named under "output/" so that an artifact called "report" or "manifest" cannot clash with these.
    private const string ReportResultName = "report";

    public async Task SubmitAsync(
        WorkflowInstance instance, WorkflowRevision revision, WorkflowTask task, TaskExecution execution,
        ITaskPlugin plugin, IReadOnlyList<ManifestArtifact> inputs, CancellationToken cancellationToken)
    {
        var session = grid.OpenSession(instance.SessionId);
        var placement = plugin.Place(task);
        var outputs = task.Artifacts?.Output ?? [];
        var prefix = $"{task.Id}/{execution.ExecutionId}/";
        var resultIds = await session.CreateResultsAsync(
            outputs.Select(o => prefix + "output/" + o.Name).Append(prefix + ReportResultName), cancellationToken).ConfigureAwait(false);

        var manifest = new WorkflowTaskManifest
        {
            WorkflowId = instance.WorkflowId,
            WorkflowRevision = instance.WorkflowRevision,
            InstanceId = instance.InstanceId,
            ExecutionId = execution.ExecutionId,
            TaskId = task.Id!,
            TaskType = task.Type!,
            Args = task.Args ?? new Dictionary<string, System.Text.Json.JsonElement>(),
            Resources = task.Resources,
            Inputs = inputs,
            Outputs = outputs.Select((o, i) => new ManifestArtifact(o.Name!, resultIds[i], o.Mandatory)).ToList(),
            ReportResultId = resultIds[^1],
            Dicom = new ManifestDicom { StudyId = instance.Dicom.StudyId, Tags = instance.Dicom.Tags, Series = instance.Dicom.Series },
        };
        var payloadId = (await session.CreateResultsWithDataAsync([(prefix + "manifest", (ReadOnlyMemory<byte>)manifest.ToBytes())], cancellationToken).ConfigureAwait(false))[0];

        var creation = new TaskCreation { PayloadId = payloadId, Options = Options(instance, task, execution, placement) };
        creation.DataDependencies.Add(inputs.Select(i => i.ResultId).Distinct(StringComparer.Ordinal));
        creation.ExpectedOutputIds.Add(resultIds);
        var submitted = await session.SubmitAsync([creation], ct: cancellationToken).ConfigureAwait(false);

        execution.GridTaskId = submitted[0].TaskId;
        execution.ReportResultId = manifest.ReportResultId;
        execution.OutputArtifacts = manifest.Outputs.ToDictionary(o => o.Name, o => o.ResultId);
    }

    private TaskOptions Options(WorkflowInstance instance, WorkflowTask task, TaskExecution execution, GridPlacement placement)
    {
        var taskOptions = new TaskOptions
        {
            ApplicationName = placement.ApplicationName,
            ApplicationVersion = placement.ApplicationVersion ?? "",
            PartitionId = placement.PartitionId ?? options.DefaultPartition,
            MaxRetries = task.RetryCount,
            Options =
            {
                ["workflow_id"] = instance.WorkflowId,
                ["workflow_revision"] = instance.WorkflowRevision.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["instance_id"] = instance.InstanceId,
                ["task_id"] = task.Id!,
                ["execution_id"] = execution.ExecutionId,
            },
        };
        if (task.TimeoutMinutes is { } minutes and > 0)
            taskOptions.MaxDuration = Duration.FromTimeSpan(options.TimeoutMinute * minutes);
        return taskOptions;
    }
}
