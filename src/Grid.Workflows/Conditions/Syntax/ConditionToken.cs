namespace Grid.Workflows.Conditions.Syntax;

/// <summary>
/// A token of a condition. <see cref="Value"/> is the unescaped text of a string, the digits of a number,
/// or the text between the braces of a placeholder.
/// </summary>
internal readonly record struct ConditionToken(ConditionTokenKind Kind, int Position, string Text, string Value = "")
{
    public string Describe() => Kind == ConditionTokenKind.End ? "the end of the condition" : $"'{Text}'";
}
