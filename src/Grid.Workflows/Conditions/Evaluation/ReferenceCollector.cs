namespace Grid.Workflows.Conditions.Evaluation;

/// <summary>Lists the context references of a syntax tree in reading order.</summary>
internal static class ReferenceCollector
{
    public static IReadOnlyList<ContextReference> Collect(ConditionExpression expression)
    {
        var references = new List<ContextReference>();
        Visit(expression, references);
        return references;
    }

    private static void Visit(ConditionExpression expression, List<ContextReference> references)
    {
        switch (expression)
        {
            case AndExpression and:
                Visit(and.Left, references);
                Visit(and.Right, references);
                break;
            case OrExpression or:
                Visit(or.Left, references);
                Visit(or.Right, references);
                break;
            case NotExpression not:
                Visit(not.Operand, references);
                break;
            case ComparisonExpression comparison:
                if (comparison.Left is ContextReference left) references.Add(left);
                if (comparison.Right is ContextReference right) references.Add(right);
                break;
        }
    }
}
