namespace Grid.Workflows.Conditions;

/// <summary>A node of a condition's syntax tree that is true or false.</summary>
public abstract record ConditionExpression;

public sealed record OrExpression(ConditionExpression Left, ConditionExpression Right) : ConditionExpression;

public sealed record AndExpression(ConditionExpression Left, ConditionExpression Right) : ConditionExpression;

public sealed record NotExpression(ConditionExpression Operand) : ConditionExpression;

/// <summary><see cref="Position"/> is where the operator stands, so run-time errors can point at it.</summary>
public sealed record ComparisonExpression(
    ConditionOperand Left, ComparisonOperator Operator, ConditionOperand Right, int Position) : ConditionExpression;
