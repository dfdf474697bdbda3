namespace Grid.Workflows.Conditions;

/// <summary>
/// What a condition can read through <c>{{ context... }}</c>. Anything absent is
/// <see cref="ConditionValue.Missing"/> (or null), never an exception.
/// </summary>
public interface IConditionContext
{
    string? CorrelationId { get; }

    string? WorkflowName { get; }

    string? WorkflowVersion { get; }

    string? WorkflowDescription { get; }

    /// <summary>A field of the named task's execution; missing when the task has not run.</summary>
    ConditionValue GetExecutionField(string taskId, ExecutionField field);

    /// <summary>
    /// A value of the named task's result, execution statistics or definition, following <paramref name="path"/> into
    /// nested objects; an empty path is the whole object.
    /// </summary>
    ConditionValue GetExecutionData(string taskId, ExecutionData data, IReadOnlyList<string> path);

    /// <summary>The Study ID tag (0020,0010) of the input study.</summary>
    string? StudyId { get; }

    /// <summary>A tag common to the whole input study.</summary>
    ConditionValue GetStudyTag(DicomTagKey tag);

    /// <summary>The tag's value in every series of the input study, in series order (missing where a series lacks it).</summary>
    IReadOnlyList<ConditionValue> GetSeriesTag(DicomTagKey tag);
}
