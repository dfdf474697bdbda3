namespace Grid.Workflows.Conditions.Syntax;

internal enum ConditionTokenKind
{
    String,
    Number,
    Placeholder,
    Null,
    True,
    False,
    And,
    Or,
    Not,
    Equal,
    NotEqual,
    Greater,
    GreaterOrEqual,
    Less,
    LessOrEqual,
    Contains,
    NotContains,
    OpenParenthesis,
    CloseParenthesis,
    OpenBracket,
    CloseBracket,
    Comma,
    End,
}
