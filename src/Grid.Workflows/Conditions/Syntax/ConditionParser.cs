namespace Grid.Workflows.Conditions.Syntax;

/// <summary>
/// Recursive descent over the grammar (NOT binds tighter than AND, AND tighter than OR):
/// <code>
/// or         := and (('OR' | '||') and)*
/// and        := not (('AND' | '&amp;&amp;') not)*
/// not        := 'NOT' not | primary
/// primary    := '(' or ')' | comparison
/// comparison := operand operator operand
/// operand    := string | number | TRUE | FALSE | NULL | '[' items ']' | '{{' reference '}}'
/// item       := string | number | TRUE | FALSE | NULL
/// </code>
/// </summary>
internal sealed class ConditionParser
{
    private readonly IReadOnlyList<ConditionToken> _tokens;
    private int _index;

    private ConditionParser(IReadOnlyList<ConditionToken> tokens) => _tokens = tokens;

    public static ConditionExpression Parse(string text)
    {
        var parser = new ConditionParser(ConditionLexer.Tokenize(text));
        if (parser.Current.Kind == ConditionTokenKind.End)
            throw new ConditionSyntaxException(0, "The condition is empty.");
        var expression = parser.ParseOr();
        if (parser.Current.Kind != ConditionTokenKind.End)
            throw parser.Unexpected("AND, OR or the end of the condition");
        return expression;
    }

    private ConditionToken Current => _tokens[_index];

    private ConditionToken Advance() => _tokens[_index++];

    private ConditionExpression ParseOr()
    {
        var left = ParseAnd();
        while (Current.Kind == ConditionTokenKind.Or)
        {
            Advance();
            left = new OrExpression(left, ParseAnd());
        }
        return left;
    }

    private ConditionExpression ParseAnd()
    {
        var left = ParseNot();
        while (Current.Kind == ConditionTokenKind.And)
        {
            Advance();
            left = new AndExpression(left, ParseNot());
        }
        return left;
    }

    private ConditionExpression ParseNot()
    {
        if (Current.Kind != ConditionTokenKind.Not) return ParsePrimary();
        Advance();
        return new NotExpression(ParseNot());
    }

    private ConditionExpression ParsePrimary()
    {
        if (Current.Kind != ConditionTokenKind.OpenParenthesis) return ParseComparison();
        var open = Advance();
        var inner = ParseOr();
        if (Current.Kind != ConditionTokenKind.CloseParenthesis)
            throw Unexpected($"')' to close the '(' at position {open.Position}");
        Advance();
        return inner;
    }

    private ConditionExpression ParseComparison()
    {
        var left = ParseOperand("a value or '('");
        var op = ToOperator(Current.Kind)
            ?? throw Unexpected("a comparison operator (==, !=, >, <, >=, <=, CONTAINS, NOT_CONTAINS)");
        var opToken = Advance();
        var right = ParseOperand($"a value after '{opToken.Text}'");
        return new ComparisonExpression(left, op, right, opToken.Position);
    }

    private ConditionOperand ParseOperand(string expected)
    {
        var token = Current;
        switch (token.Kind)
        {
            case ConditionTokenKind.String or ConditionTokenKind.Number:
                Advance();
                return new LiteralOperand(token.Position, token.Value);
            case ConditionTokenKind.True or ConditionTokenKind.False:
                Advance();
                return new LiteralOperand(token.Position, token.Kind == ConditionTokenKind.True ? "true" : "false");
            case ConditionTokenKind.Null:
                Advance();
                return new NullOperand(token.Position);
            case ConditionTokenKind.Placeholder:
                Advance();
                return ContextReferenceBinder.Bind(ContextPathParser.Parse(token.Value, token.Position + 2), token.Position);
            case ConditionTokenKind.OpenBracket:
                return ParseList();
            default:
                throw Unexpected(expected);
        }
    }

    private ListOperand ParseList()
    {
        var open = Advance();
        var items = new List<string?>();
        if (Current.Kind == ConditionTokenKind.CloseBracket)
        {
            Advance();
            return new ListOperand(open.Position, items);
        }
        while (true)
        {
            var item = Current;
            items.Add(item.Kind switch
            {
                ConditionTokenKind.String or ConditionTokenKind.Number => item.Value,
                ConditionTokenKind.True => "true",
                ConditionTokenKind.False => "false",
                ConditionTokenKind.Null => null,
                _ => throw Unexpected("a quoted text, a number, TRUE, FALSE or NULL in the list"),
            });
            Advance();
            if (Current.Kind == ConditionTokenKind.CloseBracket)
            {
                Advance();
                return new ListOperand(open.Position, items);
            }
            if (Current.Kind != ConditionTokenKind.Comma)
                throw Unexpected($"',' or ']' to close the list opened at position {open.Position}");
            Advance();
        }
    }

    private static ComparisonOperator? ToOperator(ConditionTokenKind kind) => kind switch
    {
        ConditionTokenKind.Equal => ComparisonOperator.Equal,
        ConditionTokenKind.NotEqual => ComparisonOperator.NotEqual,
        ConditionTokenKind.Greater => ComparisonOperator.Greater,
        ConditionTokenKind.GreaterOrEqual => ComparisonOperator.GreaterOrEqual,
        ConditionTokenKind.Less => ComparisonOperator.Less,
        ConditionTokenKind.LessOrEqual => ComparisonOperator.LessOrEqual,
        ConditionTokenKind.Contains => ComparisonOperator.Contains,
        ConditionTokenKind.NotContains => ComparisonOperator.NotContains,
        _ => null,
    };

    private ConditionSyntaxException Unexpected(string expected) =>
        new(Current.Position, $"Expected {expected}, but found {Current.Describe()}.");
}
