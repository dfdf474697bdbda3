using Grid.Workflows.Conditions.Evaluation;
using Grid.Workflows.Conditions.Syntax;

namespace Grid.Workflows.Conditions;

/// <summary>
/// A parsed condition. Parsing never throws: an invalid condition keeps its <see cref="SyntaxError"/>,
/// is refused by the validator, and evaluates to false with that error recorded if it is met at run time.
/// </summary>
public sealed class Condition
{
    private Condition(string text, ConditionExpression? expression, ConditionError? syntaxError)
    {
        Text = text;
        Expression = expression;
        SyntaxError = syntaxError;
        References = expression is null ? [] : ReferenceCollector.Collect(expression);
    }

    public string Text { get; }

    /// <summary>The syntax tree, or null when the condition is invalid.</summary>
    public ConditionExpression? Expression { get; }

    public ConditionError? SyntaxError { get; }

    public bool IsValid => SyntaxError is null;

    /// <summary>Every <c>{{ context... }}</c> placeholder of the condition, in reading order.</summary>
    public IReadOnlyList<ContextReference> References { get; }

    public static Condition Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        try
        {
            return new Condition(text, ConditionParser.Parse(text), null);
        }
        catch (ConditionSyntaxException e)
        {
            return new Condition(text, null, e.Error);
        }
    }

    public ConditionOutcome Evaluate(IConditionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return Expression is null
            ? new ConditionOutcome(false, [SyntaxError!])
            : ConditionEvaluator.Evaluate(Expression, context);
    }

    public override string ToString() => Text;
}
