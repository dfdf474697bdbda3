namespace Grid.Workflows.Conditions.Syntax;

/// <summary>Reads a quoted literal in which the quote character is escaped by doubling it.</summary>
internal static class QuotedText
{
    /// <summary>
    /// Reads from the opening quote at <paramref name="position"/>; on success leaves <paramref name="position"/>
    /// after the closing quote. Returns null when the literal is never closed.
    /// </summary>
    public static string? Read(string text, ref int position, char quote)
    {
        var builder = new System.Text.StringBuilder();
        var i = position + 1;
        while (i < text.Length)
        {
            if (text[i] != quote)
            {
                builder.Append(text[i++]);
                continue;
            }
            if (i + 1 < text.Length && text[i + 1] == quote)
            {
                builder.Append(quote);
                i += 2;
                continue;
            }
            position = i + 1;
            return builder.ToString();
        }
        return null;
    }
}
