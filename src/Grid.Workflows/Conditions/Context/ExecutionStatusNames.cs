namespace Grid.Workflows.Conditions;

/// <summary>
/// The spellings of an execution status. Grid writes <c>success</c>, <c>fail</c>, <c>cancelled</c> and <c>running</c>
/// (the specification's words); MONAI Deploy's documentation writes <c>Succeeded</c>, <c>Failed</c>, <c>Canceled</c>,
/// and names the stages of a started task <c>Created</c>, <c>Dispatched</c> and <c>Accepted</c>, which Grid does not
/// tell apart: all three mean running. <c>PartialFail</c> and <c>Unknown</c> are known names that Grid never reports.
/// Spellings compare ignoring case.
/// </summary>
public static class ExecutionStatusNames
{
    private static readonly Dictionary<string, string> MeaningBySpelling = new(StringComparer.OrdinalIgnoreCase)
    {
        ["success"] = "success",
        ["succeeded"] = "success",
        ["fail"] = "fail",
        ["failed"] = "fail",
        ["cancelled"] = "cancelled",
        ["canceled"] = "cancelled",
        ["running"] = "running",
        ["created"] = "running",
        ["dispatched"] = "running",
        ["accepted"] = "running",
        ["partialfail"] = "partialfail",
        ["unknown"] = "unknown",
    };

    public static bool Knows(string spelling) => MeaningBySpelling.ContainsKey(spelling.Trim());

    /// <summary>True when both texts are spellings of the same status.</summary>
    public static bool Same(string left, string right) =>
        MeaningBySpelling.TryGetValue(left.Trim(), out var a) && MeaningBySpelling.TryGetValue(right.Trim(), out var b) && a == b;
}

/// <summary>The <c>status</c> of an execution: a text that also equals the other spellings of the same status.</summary>
public sealed record ExecutionStatusText(string Text) : TextValue(Text);
