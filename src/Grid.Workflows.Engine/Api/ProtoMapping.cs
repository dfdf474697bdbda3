using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Grid.Api.V1;
using V1 = Grid.Api.V1;
using Grid.Workflows.Engine.Execution;
using Grid.Workflows.Engine.Registry;
using Grid.Workflows.Worker.Protocol;
using InputDicom = Grid.Workflows.Engine.Instances.InputDicom;
using ModelExecution = Grid.Workflows.Engine.Instances.TaskExecution;
using ModelExecutionStatus = Grid.Workflows.Engine.Instances.TaskExecutionStatus;
using ModelInstance = Grid.Workflows.Engine.Instances.WorkflowInstance;
using ModelInstanceStatus = Grid.Workflows.Engine.Instances.WorkflowInstanceStatus;

namespace Grid.Workflows.Engine.Api;

/// <summary>Between the engine's records and the messages of workflows.proto and workflow_instances.proto.</summary>
internal static class ProtoMapping
{
    public static Workflow ToProto(this WorkflowRevision revision, DateTimeOffset? deletedAt = null)
    {
        var workflow = new Workflow
        {
            WorkflowId = revision.WorkflowId,
            Revision = revision.Revision,
            Name = revision.Name,
            Version = revision.Version,
            DefinitionJson = revision.DefinitionJson,
            CreatedAt = Timestamp.FromDateTimeOffset(revision.CreatedAt),
        };
        if (deletedAt is { } deleted) workflow.DeletedAt = Timestamp.FromDateTimeOffset(deleted);
        return workflow;
    }

    public static Workflow ToProto(this WorkflowRecord record) => record.Latest.ToProto(record.DeletedAt);

    public static V1.WorkflowValidationError ToProto(this Grid.Workflows.WorkflowValidationError error) =>
        new() { Path = error.Path, Message = error.Message };

    public static V1.WorkflowInstance ToProto(this ModelInstance instance)
    {
        var message = new V1.WorkflowInstance
        {
            InstanceId = instance.InstanceId,
            WorkflowId = instance.WorkflowId,
            WorkflowRevision = instance.WorkflowRevision,
            WorkflowName = instance.WorkflowName,
            Status = instance.Status.ToProto(),
            SessionId = instance.SessionId,
            AeTitle = instance.AeTitle ?? "",
            DataOrigin = instance.DataOrigin ?? "",
            CreatedAt = Timestamp.FromDateTimeOffset(instance.CreatedAt),
            ErrorMessage = instance.ErrorMessage ?? "",
        };
        if (instance.EndedAt is { } ended) message.EndedAt = Timestamp.FromDateTimeOffset(ended);
        message.Executions.Add(instance.Executions.Select(ToProto));
        message.Dicom = instance.Dicom.ToProto();
        return message;
    }

    public static DicomMetadata ToProto(this InputDicom dicom)
    {
        var message = new DicomMetadata { StudyId = dicom.StudyId ?? "" };
        message.Tags.Add(dicom.Tags);
        foreach (var series in dicom.Series)
        {
            var item = new DicomMetadata.Types.Series();
            item.Tags.Add(series);
            message.Series.Add(item);
        }
        return message;
    }

    public static V1.ExportFileStatus ToProto(this Grid.Workflows.Engine.Export.ExportFileStatus status) => new()
    {
        Destination = status.Destination,
        Artifact = status.Artifact,
        Path = status.Path,
        Outcome = status.Outcome switch
        {
            Grid.Workflows.Engine.Export.ExportFileOutcome.Sent => V1.ExportFileOutcome.Sent,
            Grid.Workflows.Engine.Export.ExportFileOutcome.Failed => V1.ExportFileOutcome.Failed,
            Grid.Workflows.Engine.Export.ExportFileOutcome.Skipped => V1.ExportFileOutcome.Skipped,
            _ => V1.ExportFileOutcome.Unspecified,
        },
        Attempts = status.Attempts,
        SopInstanceUid = status.SopInstanceUid ?? "",
        DimseStatus = status.DimseStatus is { } code ? code : -1,
        Error = status.Error ?? "",
    };

    public static V1.TaskExecution ToProto(this ModelExecution execution)
    {
        var message = new V1.TaskExecution
        {
            ExecutionId = execution.ExecutionId,
            TaskId = execution.TaskId,
            TaskType = execution.TaskType,
            Status = execution.Status.ToProto(),
            StartTime = Timestamp.FromDateTimeOffset(execution.StartTime),
            ErrorMessage = execution.ErrorMessage ?? "",
            GridTaskId = execution.GridTaskId ?? "",
            PreviousExecutionId = execution.PreviousExecutionId ?? "",
        };
        if (execution.EndTime is { } end) message.EndTime = Timestamp.FromDateTimeOffset(end);
        if (execution.Result is { } result) message.Result = JsonParser.Default.Parse<Struct>(result.ToJsonString());
        message.OutputArtifacts.Add(execution.OutputArtifacts);
        message.RoutingErrors.Add(execution.RoutingErrors);
        message.ExportFiles.Add(execution.ExportFiles.Select(ToProto));
        return message;
    }

    public static V1.WorkflowInstanceStatus ToProto(this ModelInstanceStatus status) => status switch
    {
        ModelInstanceStatus.Running => V1.WorkflowInstanceStatus.Running,
        ModelInstanceStatus.Succeeded => V1.WorkflowInstanceStatus.Succeeded,
        ModelInstanceStatus.Failed => V1.WorkflowInstanceStatus.Failed,
        _ => V1.WorkflowInstanceStatus.Unspecified,
    };

    public static ModelInstanceStatus FromProto(this V1.WorkflowInstanceStatus status, string field) => status switch
    {
        V1.WorkflowInstanceStatus.Running => ModelInstanceStatus.Running,
        V1.WorkflowInstanceStatus.Succeeded => ModelInstanceStatus.Succeeded,
        V1.WorkflowInstanceStatus.Failed => ModelInstanceStatus.Failed,
        _ => throw WorkflowRequestException.Invalid($"{field}: {status} is not a status to filter on"),
    };

    public static V1.TaskExecutionStatus ToProto(this ModelExecutionStatus status) => status switch
    {
        ModelExecutionStatus.Running => V1.TaskExecutionStatus.Running,
        ModelExecutionStatus.Succeeded => V1.TaskExecutionStatus.Succeeded,
        ModelExecutionStatus.Failed => V1.TaskExecutionStatus.Failed,
        ModelExecutionStatus.Cancelled => V1.TaskExecutionStatus.Cancelled,
        _ => V1.TaskExecutionStatus.Unspecified,
    };

    public static ModelExecutionStatus FromProto(this V1.TaskExecutionStatus status, string field) => status switch
    {
        V1.TaskExecutionStatus.Running => ModelExecutionStatus.Running,
        V1.TaskExecutionStatus.Succeeded => ModelExecutionStatus.Succeeded,
        V1.TaskExecutionStatus.Failed => ModelExecutionStatus.Failed,
        V1.TaskExecutionStatus.Cancelled => ModelExecutionStatus.Cancelled,
        _ => throw WorkflowRequestException.Invalid($"{field}: {status} is not a status to filter on"),
    };

    public static TriggerPayload FromProto(this TriggerWorkflowsRequest request) => new()
    {
        AeTitle = request.AeTitle,
        DataOrigin = request.DataOrigin,
        WorkflowIds = request.WorkflowIds.ToList(),
        Files = request.Files.Select(f => new ArtifactFile(f.Path, f.Data.ToByteArray())).ToList(),
        Dicom = request.Dicom is null
            ? new InputDicom()
            : new InputDicom
            {
                StudyId = string.IsNullOrEmpty(request.Dicom.StudyId) ? null : request.Dicom.StudyId,
                Tags = request.Dicom.Tags.ToDictionary(),
                Series = request.Dicom.Series.Select(s => s.Tags.ToDictionary()).ToList(),
            },
    };
}
