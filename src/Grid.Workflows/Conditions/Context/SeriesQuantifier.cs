namespace Grid.Workflows.Conditions;

/// <summary>How a comparison over a per-series tag combines the series: <c>series.any</c> or <c>series.all</c>.</summary>
public enum SeriesQuantifier
{
    Any,
    All,
}
