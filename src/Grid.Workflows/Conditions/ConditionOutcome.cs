namespace Grid.Workflows.Conditions;

/// <summary>
/// The result of evaluating a condition. A condition that met an error is never true, so
/// <see cref="IsTrue"/> implies <see cref="Errors"/> is empty.
/// </summary>
public sealed record ConditionOutcome(bool IsTrue, IReadOnlyList<ConditionError> Errors);
