namespace Grid.Workflows.Conditions.Evaluation;

/// <summary>An operand once read from the context: one value, or one value per series to be quantified.</summary>
internal abstract record ResolvedOperand;

internal sealed record SingleOperand(ConditionValue Value) : ResolvedOperand
{
    public static SingleOperand OfText(string? text) => new(ConditionValue.FromText(text));
}

internal sealed record PerSeriesOperand(IReadOnlyList<ConditionValue> Values, SeriesQuantifier Quantifier) : ResolvedOperand;
