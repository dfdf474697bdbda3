namespace Grid.Workflows.Conditions;

/// <summary>A problem found in a condition: where (0-based character position) and what.</summary>
public sealed record ConditionError(int Position, string Message)
{
    public override string ToString() => $"at position {Position}: {Message}";
}
