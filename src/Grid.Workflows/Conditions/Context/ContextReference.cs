using Grid.Workflows.Conditions.Evaluation;

namespace Grid.Workflows.Conditions;

/// <summary>A <c>{{ context... }}</c> placeholder in a condition, already checked against the known context fields.</summary>
public abstract record ContextReference(int Position) : ConditionOperand(Position);

public sealed record CorrelationIdReference(int Position) : ContextReference(Position)
{
    internal override ResolvedOperand Resolve(IConditionContext context) => SingleOperand.OfText(context.CorrelationId);
}

public sealed record WorkflowNameReference(int Position) : ContextReference(Position)
{
    internal override ResolvedOperand Resolve(IConditionContext context) => SingleOperand.OfText(context.WorkflowName);
}

public sealed record WorkflowVersionReference(int Position) : ContextReference(Position)
{
    internal override ResolvedOperand Resolve(IConditionContext context) => SingleOperand.OfText(context.WorkflowVersion);
}

public sealed record WorkflowDescriptionReference(int Position) : ContextReference(Position)
{
    internal override ResolvedOperand Resolve(IConditionContext context) => SingleOperand.OfText(context.WorkflowDescription);
}

/// <summary>A reference into the execution of the task named <see cref="TaskId"/>.</summary>
public abstract record TaskExecutionReference(int Position, string TaskId) : ContextReference(Position);

public sealed record ExecutionFieldReference(int Position, string TaskId, ExecutionField Field) : TaskExecutionReference(Position, TaskId)
{
    internal override ResolvedOperand Resolve(IConditionContext context)
    {
        var value = context.GetExecutionField(TaskId, Field);
        return new SingleOperand(Field == ExecutionField.Status && value is TextValue text ? new ExecutionStatusText(text.Text) : value);
    }
}

/// <summary><c>result</c>, <c>execution_stats</c> or <c>task</c> of an execution, followed by keys.</summary>
public sealed record ExecutionDataReference(int Position, string TaskId, ExecutionData Data, IReadOnlyList<string> Path)
    : TaskExecutionReference(Position, TaskId)
{
    internal override ResolvedOperand Resolve(IConditionContext context) => new SingleOperand(context.GetExecutionData(TaskId, Data, Path));
}

public sealed record StudyIdReference(int Position) : ContextReference(Position)
{
    internal override ResolvedOperand Resolve(IConditionContext context) => SingleOperand.OfText(context.StudyId);
}

/// <summary><c>context.input.patient_details.&lt;field&gt;</c>, read from the study's DICOM tags.</summary>
public sealed record PatientDetailReference(int Position, PatientDetail Detail) : ContextReference(Position)
{
    // A patient tag normally is study-level; when the trigger gave it per series only, the series must agree.
    internal override ResolvedOperand Resolve(IConditionContext context)
    {
        var tag = PatientDetails.TagOf(Detail);
        var value = context.GetStudyTag(tag);
        if (value is MissingValue)
        {
            var perSeries = context.GetSeriesTag(tag).OfType<TextValue>().Select(v => v.Text).Distinct(StringComparer.Ordinal).ToList();
            if (perSeries.Count == 1) value = new TextValue(perSeries[0]);
        }
        return new SingleOperand(value is TextValue text ? new TextValue(PatientDetails.Shape(Detail, text.Text)) : value);
    }
}

/// <summary><c>context.input.dicom.tags(g,e)</c></summary>
public sealed record StudyTagReference(int Position, DicomTagKey Tag) : ContextReference(Position)
{
    internal override ResolvedOperand Resolve(IConditionContext context) => new SingleOperand(context.GetStudyTag(Tag));
}

/// <summary><c>context.input.dicom.series.any(g,e)</c> or <c>.all(g,e)</c></summary>
public sealed record SeriesTagReference(int Position, DicomTagKey Tag, SeriesQuantifier Quantifier) : ContextReference(Position)
{
    // With no series there is nothing to quantify over: the tag simply has no value (so it equals NULL).
    internal override ResolvedOperand Resolve(IConditionContext context)
    {
        var values = context.GetSeriesTag(Tag);
        return values.Count == 0 ? new SingleOperand(ConditionValue.Missing) : new PerSeriesOperand(values, Quantifier);
    }
}
