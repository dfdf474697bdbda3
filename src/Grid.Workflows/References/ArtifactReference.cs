using System.Diagnostics.CodeAnalysis;
using Grid.Workflows.Conditions.Syntax;

namespace Grid.Workflows.References;

/// <summary>
/// Where an input artifact comes from: <c>{{ context.input }}</c> or <c>{{ context.input.dicom }}</c> (the data that
/// triggered the workflow), <c>{{ context.executions.&lt;task&gt;.artifacts.&lt;name&gt; }}</c> (an output of an
/// earlier task) or <c>{{ context.executions.&lt;task&gt;.output_dir }}</c> (all its outputs). Any of them may be
/// followed by a sub-path, <c>{{ context.input.dicom }}/study1</c>, which keeps only the files under that folder.
/// </summary>
public abstract record ArtifactReference
{
    public const string Forms =
        "{{ context.input }}, {{ context.input.dicom }}, {{ context.executions.<task>.artifacts.<name> }} or {{ context.executions.<task>.output_dir }}, optionally followed by /<folder>";

    /// <summary>The folder inside the artifact to take, without leading or trailing '/'; null for the whole artifact.</summary>
    public string? SubPath { get; init; }

    /// <summary>True when <paramref name="value"/> is written as a placeholder at all, so it must be a valid reference.</summary>
    public static bool LooksLikeReference(string value) => value.Contains("{{", StringComparison.Ordinal);

    public static bool TryParse(string value, [NotNullWhen(true)] out ArtifactReference? reference, [NotNullWhen(false)] out string? error)
    {
        reference = null;
        var trimmed = value.Trim();
        var close = trimmed.IndexOf("}}", StringComparison.Ordinal);
        if (!trimmed.StartsWith("{{", StringComparison.Ordinal) || close < 2)
        {
            error = $"The value must be a single reference: {Forms}.";
            return false;
        }
        if (!TryReadSubPath(trimmed[(close + 2)..], out var subPath, out error)) return false;
        ContextPath path;
        try
        {
            path = ContextPathParser.Parse(trimmed[2..close], 2);
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
            ["context", "executions", var task, "output_dir"] => new TaskOutputFolderReference(task),
            _ => null,
        };
        if (reference is null)
        {
            error = $"The reference is not one of {Forms}.";
            return false;
        }
        reference = reference with { SubPath = subPath };
        return true;
    }

    // What follows the braces: nothing, or '/' and relative folder names (no '..', no '\').
    private static bool TryReadSubPath(string rest, out string? subPath, [NotNullWhen(false)] out string? error)
    {
        subPath = null;
        error = null;
        if (rest.Length == 0) return true;
        if (rest[0] != '/')
        {
            error = $"Only a sub-path starting with '/' may follow the reference; the value must be {Forms}.";
            return false;
        }
        var names = rest.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (names.Any(name => name is "." or ".." || name.Contains('\\') || name.Any(char.IsControl) || name.Trim().Length == 0))
        {
            error = $"The sub-path '{rest}' must be folder names separated by '/', without '.', '..', '\\' or blank names.";
            return false;
        }
        subPath = names.Length == 0 ? null : string.Join('/', names);
        return true;
    }
}

/// <summary>The data that triggered the workflow.</summary>
public sealed record WorkflowInputReference : ArtifactReference;

/// <summary>An output artifact of an earlier task.</summary>
public sealed record TaskOutputReference(string TaskId, string ArtifactName) : ArtifactReference;

/// <summary>Every output artifact of an earlier task, each in a folder named after it (MONAI Deploy's <c>output_dir</c>).</summary>
public sealed record TaskOutputFolderReference(string TaskId) : ArtifactReference;
