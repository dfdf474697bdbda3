using Grid.Workflows.Conditions;

namespace Grid.Workflows.Engine.Execution;

/// <summary>Refuses a trigger payload that cannot start anything, naming every bad field.</summary>
internal static class TriggerPayloadChecks
{
    public static void Check(TriggerPayload payload)
    {
        var errors = new List<WorkflowValidationError>();
        if (payload.WorkflowIds.Count == 0 && string.IsNullOrWhiteSpace(payload.AeTitle))
            errors.Add(new("$.ae_title", "Give the AE title the data was sent to, or workflow_ids to start."));
        for (var i = 0; i < payload.Files.Count; i++)
        {
            var path = payload.Files[i].Path?.Replace('\\', '/') ?? "";
            if (path.Length == 0 || path.StartsWith('/') || path.Split('/').Any(part => part is ".." or ""))
                errors.Add(new($"$.files[{i}].path", $"'{path}' is not a relative file path inside the input."));
        }
        for (var i = 0; i < payload.FilesOnDisk.Count; i++)
        {
            var path = payload.FilesOnDisk[i].Path?.Replace('\\', '/') ?? "";
            if (path.Length == 0 || path.StartsWith('/') || path.Split('/').Any(part => part is ".." or ""))
                errors.Add(new($"$.files_on_disk[{i}].path", $"'{path}' is not a relative file path inside the input."));
        }
        foreach (var key in payload.Dicom.Tags.Keys.Where(k => !DicomTagKey.TryParse(k, out _)))
            errors.Add(new($"$.dicom.tags['{key}']", $"'{key}' is not a DICOM tag such as 0010,0040."));
        for (var i = 0; i < payload.Dicom.Series.Count; i++)
            foreach (var key in payload.Dicom.Series[i].Keys.Where(k => !DicomTagKey.TryParse(k, out _)))
                errors.Add(new($"$.dicom.series[{i}].tags['{key}']", $"'{key}' is not a DICOM tag such as 0010,0040."));
        if (errors.Count > 0)
            throw WorkflowRequestException.Invalid($"the trigger has {errors.Count} problem{(errors.Count == 1 ? "" : "s")}", errors);
    }
}
