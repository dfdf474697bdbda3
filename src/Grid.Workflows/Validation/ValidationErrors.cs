namespace Grid.Workflows.Validation;

/// <summary>Collects every problem found; rules add to it and never stop at the first.</summary>
internal sealed class ValidationErrors
{
    private readonly List<WorkflowValidationError> _errors = [];

    public IReadOnlyList<WorkflowValidationError> Items => _errors;

    public void Add(string path, string message) => _errors.Add(new WorkflowValidationError(path, message));

    /// <summary>Reports a blank or too long text; returns whether the text is present at all.</summary>
    public bool RequiredText(string path, string? value, string what, int limit)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            Add(path, $"{Capitalize(what)} is required.");
            return false;
        }
        MaxLength(path, value, what, limit);
        return true;
    }

    public void MaxLength(string path, string? value, string what, int limit)
    {
        if (value is not null && value.Length > limit)
            Add(path, $"{Capitalize(what)} has {value.Length} characters; at most {limit} are allowed.");
    }

    private static string Capitalize(string text) => char.ToUpperInvariant(text[0]) + text[1..];
}
