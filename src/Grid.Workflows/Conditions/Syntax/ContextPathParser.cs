namespace Grid.Workflows.Conditions.Syntax;

/// <summary>
/// Parses the text between <c>{{</c> and <c>}}</c>: names of letters, digits, '_' and '-' joined by dots,
/// each optionally called with quoted arguments. Spaces are allowed around the path and inside calls.
/// </summary>
internal sealed class ContextPathParser
{
    private readonly string _text;
    private readonly int _offset;
    private int _position;

    private ContextPathParser(string text, int offset)
    {
        _text = text;
        _offset = offset;
    }

    /// <param name="text">The text between the braces.</param>
    /// <param name="offset">Where that text starts in the whole expression, so errors point into it.</param>
    public static ContextPath Parse(string text, int offset) => new ContextPathParser(text, offset).ParsePath();

    private ContextPath ParsePath()
    {
        SkipSpaces();
        if (AtEnd) throw Error("The placeholder is empty; expected a reference such as context.executions.<task>.status.");
        var segments = new List<ContextPathSegment>();
        while (true)
        {
            segments.Add(ParseSegment());
            SkipSpaces();
            if (AtEnd) return new ContextPath(segments);
            if (_text[_position] != '.') throw Error($"Unexpected '{_text[_position]}' in the reference.");
            _position++;
        }
    }

    private bool AtEnd => _position >= _text.Length;

    private ContextPathSegment ParseSegment()
    {
        var start = _position;
        while (!AtEnd && IsNameCharacter(_text[_position])) _position++;
        if (_position == start)
            throw Error(AtEnd ? "The reference ends with '.'; a name must follow." : $"Unexpected '{_text[_position]}' in the reference.");
        var name = _text[start.._position];
        var arguments = !AtEnd && _text[_position] == '(' ? ParseArguments() : null;
        return new ContextPathSegment(name, arguments, _offset + start);
    }

    private List<string> ParseArguments()
    {
        _position++;
        var arguments = new List<string>();
        while (true)
        {
            SkipSpaces();
            var quote = AtEnd ? '\0' : _text[_position];
            if (quote is not ('\'' or '"')) throw Error("Expected a quoted argument, such as '0010'.");
            var start = _position;
            arguments.Add(QuotedText.Read(_text, ref _position, quote)
                ?? throw new ConditionSyntaxException(_offset + start, "The quoted argument is never closed."));
            SkipSpaces();
            if (AtEnd) throw Error("Expected ',' or ')' after the argument.");
            var next = _text[_position++];
            if (next == ')') return arguments;
            if (next != ',') throw new ConditionSyntaxException(_offset + _position - 1, "Expected ',' or ')' after the argument.");
        }
    }

    private static bool IsNameCharacter(char c) => char.IsAsciiLetterOrDigit(c) || c is '_' or '-';

    private void SkipSpaces()
    {
        while (!AtEnd && char.IsWhiteSpace(_text[_position])) _position++;
    }

    private ConditionSyntaxException Error(string message) => new(_offset + _position, message);
}
