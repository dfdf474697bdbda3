namespace Grid.Workflows.Conditions;

public enum ComparisonOperator
{
    Equal,
    NotEqual,
    Greater,
    GreaterOrEqual,
    Less,
    LessOrEqual,
    Contains,
    NotContains,
}

internal static class ComparisonOperatorText
{
    public static string ToSymbol(this ComparisonOperator op) => op switch
    {
        ComparisonOperator.Equal => "==",
        ComparisonOperator.NotEqual => "!=",
        ComparisonOperator.Greater => ">",
        ComparisonOperator.GreaterOrEqual => ">=",
        ComparisonOperator.Less => "<",
        ComparisonOperator.LessOrEqual => "<=",
        ComparisonOperator.Contains => "CONTAINS",
        ComparisonOperator.NotContains => "NOT_CONTAINS",
        _ => throw new ArgumentOutOfRangeException(nameof(op)),
    };
}
