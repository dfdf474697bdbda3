namespace Grid.Workflows.Conditions;

/// <summary>
/// The conditions of one task destination. A list means AND: every condition must hold, and an empty
/// list always holds. Every condition is evaluated so that every error is recorded.
/// </summary>
public static class ConditionList
{
    public static ConditionOutcome EvaluateAll(IEnumerable<Condition> conditions, IConditionContext context)
    {
        var allTrue = true;
        var errors = new List<ConditionError>();
        foreach (var condition in conditions)
        {
            var outcome = condition.Evaluate(context);
            allTrue &= outcome.IsTrue;
            errors.AddRange(outcome.Errors);
        }
        return new ConditionOutcome(allTrue, errors);
    }

    public static ConditionOutcome EvaluateAll(IEnumerable<string> conditions, IConditionContext context) =>
        EvaluateAll(conditions.Select(Condition.Parse), context);
}
