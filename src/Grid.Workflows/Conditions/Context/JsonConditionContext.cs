using System.Text.Json;

namespace Grid.Workflows.Conditions;

/// <summary>
/// A context read from a JSON document shaped like the <c>context</c> object itself:
/// <c>{ "correlation_id", "workflow": { "name", "version", "description" }, "executions": { "&lt;task&gt;": { "status", "error_msg", "result", ... } },
/// "input": { "dicom": { "study_id", "tags": { "0010,0040": "F" }, "series": [ { "0018,0050": "2.5" } ] } } }</c>.
/// </summary>
public sealed class JsonConditionContext : IConditionContext
{
    private static readonly Dictionary<ExecutionField, string> ExecutionFieldNames = new()
    {
        [ExecutionField.Status] = "status",
        [ExecutionField.ErrorMessage] = "error_msg",
        [ExecutionField.ExecutionId] = "execution_id",
        [ExecutionField.StartTime] = "start_time",
        [ExecutionField.EndTime] = "end_time",
        [ExecutionField.TaskId] = "task_id",
        [ExecutionField.TaskType] = "task_type",
        [ExecutionField.PreviousTaskId] = "previous_task_id",
        [ExecutionField.InputDir] = "input_dir",
        [ExecutionField.OutputDir] = "output_dir",
    };

    private static readonly Dictionary<ExecutionData, string> ExecutionDataNames = new()
    {
        [ExecutionData.Result] = "result",
        [ExecutionData.ExecutionStats] = "execution_stats",
        [ExecutionData.Task] = "task",
    };

    private readonly JsonElement _root;
    private readonly Dictionary<DicomTagKey, JsonElement> _studyTags;
    private readonly List<Dictionary<DicomTagKey, JsonElement>> _series;

    public JsonConditionContext(JsonElement root)
    {
        _root = root.Clone();
        var dicom = Property(_root, "input", "dicom");
        _studyTags = IndexTags(Property(dicom, "tags"));
        var series = Property(dicom, "series");
        _series = series.ValueKind == JsonValueKind.Array ? series.EnumerateArray().Select(IndexTags).ToList() : [];
    }

    public static JsonConditionContext Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        return new JsonConditionContext(document.RootElement);
    }

    public string? CorrelationId => Text(Property(_root, "correlation_id"));

    public string? WorkflowName => Text(Property(_root, "workflow", "name"));

    public string? WorkflowVersion => Text(Property(_root, "workflow", "version"));

    public string? WorkflowDescription => Text(Property(_root, "workflow", "description"));

    public string? StudyId => Text(Property(_root, "input", "dicom", "study_id"));

    // An execution is keyed by its task id, so task_id need not be written again.
    public ConditionValue GetExecutionField(string taskId, ExecutionField field)
    {
        var execution = Execution(taskId);
        var value = ConditionValue.FromJson(Property(execution, ExecutionFieldNames[field]));
        return field == ExecutionField.TaskId && value is MissingValue && execution.ValueKind == JsonValueKind.Object
            ? new TextValue(taskId)
            : value;
    }

    public ConditionValue GetExecutionData(string taskId, ExecutionData data, IReadOnlyList<string> path) =>
        ConditionValueConversion.Navigate(Property(Execution(taskId), ExecutionDataNames[data]), path);

    public ConditionValue GetStudyTag(DicomTagKey tag) =>
        _studyTags.TryGetValue(tag, out var value) ? ConditionValue.FromJson(value) : ConditionValue.Missing;

    public IReadOnlyList<ConditionValue> GetSeriesTag(DicomTagKey tag) =>
        _series.Select(series => series.TryGetValue(tag, out var value) ? ConditionValue.FromJson(value) : ConditionValue.Missing).ToList();

    private JsonElement Execution(string taskId) => Property(_root, "executions", taskId);

    // Missing steps give an Undefined element, which reads as a missing value.
    private static JsonElement Property(JsonElement element, params string[] path)
    {
        foreach (var name in path)
        {
            if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(name, out element)) return default;
        }
        return element;
    }

    private static string? Text(JsonElement element) =>
        ConditionValue.FromJson(element) is TextValue text ? text.Text : null;

    private static Dictionary<DicomTagKey, JsonElement> IndexTags(JsonElement tags)
    {
        var index = new Dictionary<DicomTagKey, JsonElement>();
        if (tags.ValueKind != JsonValueKind.Object) return index;
        foreach (var tag in tags.EnumerateObject())
        {
            if (DicomTagKey.TryParse(tag.Name, out var key)) index[key] = tag.Value;
        }
        return index;
    }
}
