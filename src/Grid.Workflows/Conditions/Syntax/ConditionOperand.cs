using Grid.Workflows.Conditions.Evaluation;

namespace Grid.Workflows.Conditions;

/// <summary>A value on either side of a comparison: a literal, NULL, a list of literals, or a context reference.</summary>
public abstract record ConditionOperand(int Position)
{
    internal abstract ResolvedOperand Resolve(IConditionContext context);
}

/// <summary>A quoted text, a number, TRUE or FALSE; all are kept as text and read as numbers when they look like one.</summary>
public sealed record LiteralOperand(int Position, string Text) : ConditionOperand(Position)
{
    internal override ResolvedOperand Resolve(IConditionContext context) => new SingleOperand(new TextValue(Text));
}

public sealed record NullOperand(int Position) : ConditionOperand(Position)
{
    internal override ResolvedOperand Resolve(IConditionContext context) => new SingleOperand(ConditionValue.Missing);
}

/// <summary>A list of literals; a null item is a NULL written in the list.</summary>
public sealed record ListOperand(int Position, IReadOnlyList<string?> Items) : ConditionOperand(Position)
{
    internal override ResolvedOperand Resolve(IConditionContext context) =>
        new SingleOperand(new ListValue(Items.Select(ConditionValue.FromText).ToList()));
}
