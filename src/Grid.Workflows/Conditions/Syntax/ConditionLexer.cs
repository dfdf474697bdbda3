namespace Grid.Workflows.Conditions.Syntax;

/// <summary>Splits a condition into tokens; the first character it cannot read is a syntax error.</summary>
internal sealed class ConditionLexer
{
    private static readonly Dictionary<string, ConditionTokenKind> Keywords = new(StringComparer.OrdinalIgnoreCase)
    {
        ["AND"] = ConditionTokenKind.And,
        ["OR"] = ConditionTokenKind.Or,
        ["NOT"] = ConditionTokenKind.Not,
        ["NULL"] = ConditionTokenKind.Null,
        // MONAI Deploy's other name for NULL.
        ["UNDEFINED"] = ConditionTokenKind.Null,
        ["TRUE"] = ConditionTokenKind.True,
        ["FALSE"] = ConditionTokenKind.False,
        ["CONTAINS"] = ConditionTokenKind.Contains,
        ["NOT_CONTAINS"] = ConditionTokenKind.NotContains,
    };

    private readonly string _text;
    private int _position;

    private ConditionLexer(string text) => _text = text;

    public static IReadOnlyList<ConditionToken> Tokenize(string text)
    {
        var lexer = new ConditionLexer(text);
        var tokens = new List<ConditionToken>();
        ConditionToken token;
        do
        {
            token = lexer.Next();
            tokens.Add(token);
        }
        while (token.Kind != ConditionTokenKind.End);
        return tokens;
    }

    private ConditionToken Next()
    {
        while (_position < _text.Length && char.IsWhiteSpace(_text[_position])) _position++;
        if (_position == _text.Length) return new ConditionToken(ConditionTokenKind.End, _position, "");

        var start = _position;
        var c = _text[_position];
        if (c is '\'' or '"') return ReadString(c);
        if (char.IsAsciiDigit(c) || (c == '-' && char.IsAsciiDigit(Peek(1)))) return ReadNumber();
        if (char.IsAsciiLetter(c) || c == '_') return ReadWord();
        if (c == '{' && Peek(1) == '{') return ReadPlaceholder();

        return (c, Peek(1)) switch
        {
            ('=', '=') => Symbol(ConditionTokenKind.Equal, 2),
            ('!', '=') => Symbol(ConditionTokenKind.NotEqual, 2),
            ('>', '=') => Symbol(ConditionTokenKind.GreaterOrEqual, 2),
            ('<', '=') => Symbol(ConditionTokenKind.LessOrEqual, 2),
            ('&', '&') => Symbol(ConditionTokenKind.And, 2),
            ('|', '|') => Symbol(ConditionTokenKind.Or, 2),
            ('>', _) => Symbol(ConditionTokenKind.Greater, 1),
            ('<', _) => Symbol(ConditionTokenKind.Less, 1),
            ('(', _) => Symbol(ConditionTokenKind.OpenParenthesis, 1),
            (')', _) => Symbol(ConditionTokenKind.CloseParenthesis, 1),
            ('[', _) => Symbol(ConditionTokenKind.OpenBracket, 1),
            (']', _) => Symbol(ConditionTokenKind.CloseBracket, 1),
            (',', _) => Symbol(ConditionTokenKind.Comma, 1),
            ('=', _) => throw new ConditionSyntaxException(start, "'=' is not an operator; compare with '=='."),
            _ => throw new ConditionSyntaxException(start, $"Unexpected character '{c}'."),
        };
    }

    private char Peek(int offset) => _position + offset < _text.Length ? _text[_position + offset] : '\0';

    private ConditionToken Symbol(ConditionTokenKind kind, int length)
    {
        var token = new ConditionToken(kind, _position, _text.Substring(_position, length));
        _position += length;
        return token;
    }

    // A quote inside a string is written twice: 'it''s'.
    private ConditionToken ReadString(char quote)
    {
        var start = _position;
        var value = QuotedText.Read(_text, ref _position, quote)
            ?? throw new ConditionSyntaxException(start, $"The text starting at position {start} is never closed with {quote}.");
        return new ConditionToken(ConditionTokenKind.String, start, _text[start.._position], value);
    }

    private ConditionToken ReadNumber()
    {
        var start = _position;
        if (_text[_position] == '-') _position++;
        SkipDigits();
        if (Peek(0) == '.' && char.IsAsciiDigit(Peek(1)))
        {
            _position++;
            SkipDigits();
        }
        if (Peek(0) is 'e' or 'E' && (char.IsAsciiDigit(Peek(1)) || (Peek(1) is '+' or '-' && char.IsAsciiDigit(Peek(2)))))
        {
            _position += 2;
            SkipDigits();
        }
        var text = _text[start.._position];
        return new ConditionToken(ConditionTokenKind.Number, start, text, text);
    }

    private void SkipDigits()
    {
        while (_position < _text.Length && char.IsAsciiDigit(_text[_position])) _position++;
    }

    private ConditionToken ReadWord()
    {
        var start = _position;
        while (_position < _text.Length && (char.IsAsciiLetterOrDigit(_text[_position]) || _text[_position] == '_')) _position++;
        var word = _text[start.._position];
        if (Keywords.TryGetValue(word, out var kind)) return new ConditionToken(kind, start, word);
        throw new ConditionSyntaxException(start,
            $"Unknown word '{word}'. Operators are ==, !=, >, <, >=, <=, CONTAINS, NOT_CONTAINS, AND, OR, NOT; text values need quotes.");
    }

    private ConditionToken ReadPlaceholder()
    {
        var start = _position;
        var close = _text.IndexOf("}}", start + 2, StringComparison.Ordinal);
        if (close < 0)
            throw new ConditionSyntaxException(start, $"The placeholder opened with '{{{{' at position {start} is never closed with '}}}}'.");
        _position = close + 2;
        return new ConditionToken(ConditionTokenKind.Placeholder, start, _text[start.._position], _text[(start + 2)..close]);
    }
}
