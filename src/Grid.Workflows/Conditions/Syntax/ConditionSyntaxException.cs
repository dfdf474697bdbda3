namespace Grid.Workflows.Conditions.Syntax;

/// <summary>Unwinds the lexer and parser at the first syntax error; never escapes <see cref="Condition.Parse"/>.</summary>
internal sealed class ConditionSyntaxException(int position, string message) : Exception(message)
{
    public ConditionError Error { get; } = new(position, message);
}
