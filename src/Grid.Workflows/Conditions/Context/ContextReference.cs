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

/// <summary>A reference into the execution of the task named <see cref="TaskId"/>.</summary>
public abstract record TaskExecutionReference(int Position, string TaskId) : ContextReference(Position);

public sealed record ExecutionFieldReference(int Position, string TaskId, ExecutionField Field) : TaskExecutionReference(Position, TaskId)
{
    internal override ResolvedOperand Resolve(IConditionContext context) => new SingleOperand(context.GetExecutionField(TaskId, Field));
}

public sealed record ExecutionResultReference(int Position, string TaskId, IReadOnlyList<string> Path) : TaskExecutionReference(Position, TaskId)
{
    internal override ResolvedOperand Resolve(IConditionContext context) => new SingleOperand(context.GetExecutionResult(TaskId, Path));
}

public sealed record StudyIdReference(int Position) : ContextReference(Position)
{
    internal override ResolvedOperand Resolve(IConditionContext context) => SingleOperand.OfText(context.StudyId);
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
