using System.Text.Json;

namespace Grid.Workflows.Tests;

/// <summary>The condition conformance cases (tests/Grid.Workflows.Tests/conformance/conditions.json), read at run time from the test output folder.</summary>
public static class ConformanceFile
{
    private static readonly Lazy<JsonElement> Root = new(() =>
    {
        var path = Path.Combine(AppContext.BaseDirectory, "conformance", "conditions.json");
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        return document.RootElement.Clone();
    });

    public static JsonElement Context => Root.Value.GetProperty("context");

    public static IReadOnlyList<ConformanceCase> Cases => Root.Value.GetProperty("cases").EnumerateArray()
        .Select(item => new ConformanceCase(
            item.GetProperty("expr").GetString()!,
            item.TryGetProperty("expected", out var expected) ? expected.GetBoolean() : null,
            item.TryGetProperty("invalid", out var invalid) && invalid.GetBoolean()))
        .ToList();

    /// <summary>One theory row per case: its index (keeps rows distinct) and its text (names the row).</summary>
    public static TheoryData<int, string> CaseRows()
    {
        var rows = new TheoryData<int, string>();
        var cases = Cases;
        for (var i = 0; i < cases.Count; i++) rows.Add(i, cases[i].Expression);
        return rows;
    }
}

public sealed record ConformanceCase(string Expression, bool? Expected, bool Invalid);
