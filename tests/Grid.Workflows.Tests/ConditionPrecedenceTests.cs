using Grid.Workflows.Conditions;

namespace Grid.Workflows.Tests;

public class ConditionPrecedenceTests
{
    // Comparisons are named by their left literal, so a tree prints as e.g. Or(a, And(b, c)).
    [Theory]
    [InlineData("'a' == 1 OR 'b' == 1 AND 'c' == 1", "Or(a, And(b, c))")]
    [InlineData("'a' == 1 AND 'b' == 1 OR 'c' == 1", "Or(And(a, b), c)")]
    [InlineData("NOT 'a' == 1 AND 'b' == 1", "And(Not(a), b)")]
    [InlineData("NOT 'a' == 1 OR 'b' == 1", "Or(Not(a), b)")]
    [InlineData("'a' == 1 OR NOT 'b' == 1 AND 'c' == 1", "Or(a, And(Not(b), c))")]
    [InlineData("NOT ('a' == 1 OR 'b' == 1)", "Not(Or(a, b))")]
    [InlineData("NOT NOT 'a' == 1", "Not(Not(a))")]
    [InlineData("'a' == 1 AND 'b' == 1 AND 'c' == 1", "And(And(a, b), c)")]
    [InlineData("'a' == 1 || 'b' == 1 && 'c' == 1", "Or(a, And(b, c))")]
    [InlineData("'a' == 1 or 'b' == 1 and not 'c' == 1", "Or(a, And(b, Not(c)))")]
    public void Not_binds_tighter_than_and_which_binds_tighter_than_or(string text, string tree)
    {
        var condition = Condition.Parse(text);
        Assert.Null(condition.SyntaxError);
        Assert.Equal(tree, Shape(condition.Expression!));
    }

    [Theory]
    [InlineData("'x' == 'y' AND 'x' == 'y' OR 'x' == 'x'", true)]
    [InlineData("'x' == 'x' OR 'x' == 'y' AND 'x' == 'y'", true)]
    [InlineData("NOT 'x' == 'x' OR 'x' == 'x'", true)]
    [InlineData("NOT ('x' == 'x' OR 'x' == 'x')", false)]
    [InlineData("NOT 'x' == 'y' AND 'x' == 'y'", false)]
    public void Precedence_decides_the_answer(string text, bool expected) =>
        Assert.Equal(expected, Condition.Parse(text).Evaluate(new ConditionContext()).IsTrue);

    private static string Shape(ConditionExpression expression) => expression switch
    {
        OrExpression or => $"Or({Shape(or.Left)}, {Shape(or.Right)})",
        AndExpression and => $"And({Shape(and.Left)}, {Shape(and.Right)})",
        NotExpression not => $"Not({Shape(not.Operand)})",
        ComparisonExpression { Left: LiteralOperand literal } => literal.Text,
        _ => "?",
    };
}
