namespace Grid.Workflows.Conditions.Syntax;

/// <summary>The dotted path inside <c>{{ }}</c>, e.g. <c>context.input.dicom.series.any('0018','0050')</c>.</summary>
internal sealed record ContextPath(IReadOnlyList<ContextPathSegment> Segments);

/// <summary>One step of a path; <see cref="Arguments"/> is null unless the step is a call like <c>tags('0010','0040')</c>.</summary>
internal sealed record ContextPathSegment(string Name, IReadOnlyList<string>? Arguments, int Position);
