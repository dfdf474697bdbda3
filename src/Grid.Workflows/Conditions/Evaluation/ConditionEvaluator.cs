namespace Grid.Workflows.Conditions.Evaluation;

/// <summary>
/// Evaluates a syntax tree. A comparison that cannot be made (for instance '>' on a text) is an error, and an
/// error makes the whole condition false: NOT cannot turn it into true, and OR cannot hide it. Every branch is
/// evaluated so that every error is recorded.
/// </summary>
internal static class ConditionEvaluator
{
    private enum Truth
    {
        False,
        True,
        Error,
    }

    public static ConditionOutcome Evaluate(ConditionExpression expression, IConditionContext context)
    {
        var errors = new List<ConditionError>();
        var truth = Evaluate(expression, context, errors);
        return new ConditionOutcome(truth == Truth.True, errors);
    }

    private static Truth Evaluate(ConditionExpression expression, IConditionContext context, List<ConditionError> errors)
    {
        switch (expression)
        {
            case AndExpression and:
            {
                var left = Evaluate(and.Left, context, errors);
                var right = Evaluate(and.Right, context, errors);
                return left == Truth.Error || right == Truth.Error ? Truth.Error
                    : left == Truth.True && right == Truth.True ? Truth.True : Truth.False;
            }
            case OrExpression or:
            {
                var left = Evaluate(or.Left, context, errors);
                var right = Evaluate(or.Right, context, errors);
                return left == Truth.Error || right == Truth.Error ? Truth.Error
                    : left == Truth.True || right == Truth.True ? Truth.True : Truth.False;
            }
            case NotExpression not:
                return Evaluate(not.Operand, context, errors) switch
                {
                    Truth.True => Truth.False,
                    Truth.False => Truth.True,
                    _ => Truth.Error,
                };
            case ComparisonExpression comparison:
                return Compare(comparison.Left.Resolve(context), comparison, comparison.Right.Resolve(context), errors, "");
            default:
                throw new ArgumentOutOfRangeException(nameof(expression), expression.GetType().Name);
        }
    }

    // A per-series operand is expanded first (left, then right), so each series is compared on its own
    // and the quantifier combines the answers.
    private static Truth Compare(ResolvedOperand left, ComparisonExpression comparison, ResolvedOperand right,
        List<ConditionError> errors, string where)
    {
        if (left is PerSeriesOperand leftSeries)
            return Quantify(leftSeries, errors, (value, seriesErrors, label) =>
                Compare(new SingleOperand(value), comparison, right, seriesErrors, where + label));
        if (right is PerSeriesOperand rightSeries)
            return Quantify(rightSeries, errors, (value, seriesErrors, label) =>
                Compare(left, comparison, new SingleOperand(value), seriesErrors, where + label));

        var (holds, error) = ValueComparison.Compare(((SingleOperand)left).Value, comparison.Operator, ((SingleOperand)right).Value);
        if (error is null) return holds ? Truth.True : Truth.False;
        errors.Add(new ConditionError(comparison.Position, where + error));
        return Truth.Error;
    }

    // any: one series holding is enough, and the errors of the others do not matter.
    // all: every series must hold. In both, when the answer is not true, errors win over false.
    private static Truth Quantify(PerSeriesOperand series, List<ConditionError> errors,
        Func<ConditionValue, List<ConditionError>, string, Truth> compare)
    {
        var seriesErrors = new List<ConditionError>();
        var answers = series.Values.Select((value, index) => compare(value, seriesErrors, $"In series {index + 1}: ")).ToList();
        var holds = series.Quantifier == SeriesQuantifier.Any
            ? answers.Contains(Truth.True)
            : answers.All(answer => answer == Truth.True);
        if (holds) return Truth.True;
        errors.AddRange(seriesErrors);
        return seriesErrors.Count > 0 ? Truth.Error : Truth.False;
    }
}
