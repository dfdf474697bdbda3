using System.Diagnostics.CodeAnalysis;
using Grid.Workflows.Conditions.Syntax;

namespace Grid.Workflows.References;

/// <summary>
/// Where an input artifact comes from: <c>{{ context.input }}</c> or <c>{{ context.input.dicom }}</c> (the data that
/// triggered the workflow), or <c>{{ context.executions.&lt;task&gt;.artifacts.&lt;name&gt; }}</c> (an output of an earlier task).
/// </summary>
public abstract record ArtifactReference
{
    public const string Forms = "{{ context.input }}, {{ context.input.dicom }} or {{ context.executions.<task>.artifacts.<name> }}";

    /// <summary>True when <paramref name="value"/> is written as a placeholder at all, so it must be a valid reference.</summary>
    public static bool LooksLikeReference(string value) => value.Contains("{{", StringComparison.Ordinal);

    public static bool TryParse(string value, [NotNullWhen(true)] out ArtifactReference? reference, [NotNullWhen(false)] out string? error)
    {
        reference = null;
        var trimmed = value.Trim();
        if (!trimmed.StartsWith("{{", StringComparison.Ordinal) || !trimmed.EndsWith("}}", StringComparison.Ordinal) || trimmed.Length < 4)
        {
            error = $"The value must be a single reference: {Forms}.";
            return false;
        }
        ContextPath path;
        try
        {
            path = ContextPathParser.Parse(trimmed[2..^2], 2);
        }
        catch (ConditionSyntaxException e)
        {
            error = $"The reference is malformed at position {e.Error.Position}: {e.Error.Message}";
            return false;
        }
        if (path.Segments.Any(segment => segment.Arguments is not null))
        {
            error = $"An artifact reference takes no arguments; it is one of {Forms}.";
            return false;
        }
        reference = path.Segments.Select(segment => segment.Name).ToArray() switch
        {
            ["context", "input"] => new WorkflowInputReference(),
            ["context", "input", "dicom"] => new WorkflowInputReference(),
            ["context", "executions", var task, "artifacts", var name] => new TaskOutputReference(task, name),
            _ => null,
        };
        error = reference is null ? $"The reference is not one of {Forms}." : null;
        return reference is not null;
    }
}

/// <summary>The data that triggered the workflow.</summary>
public sealed record WorkflowInputReference : ArtifactReference;

/// <summary>An output artifact of an earlier task.</summary>
public sealed record TaskOutputReference(string TaskId, string ArtifactName) : ArtifactReference;
