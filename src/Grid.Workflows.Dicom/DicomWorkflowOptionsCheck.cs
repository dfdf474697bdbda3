using Grid.Workflows.Dicom.Ingest;

namespace Grid.Workflows.Dicom;

/// <summary>Refuses a bad <c>Grid:Workflows:Dicom</c> at start, naming the setting.</summary>
internal static class DicomWorkflowOptionsCheck
{
    public static Dictionary<string, IngestAeTitleOptions> AeTitles(DicomWorkflowOptions options)
    {
        var byTitle = new Dictionary<string, IngestAeTitleOptions>(StringComparer.Ordinal);
        for (var i = 0; i < options.AeTitles.Count; i++)
        {
            var ae = options.AeTitles[i];
            var setting = $"Grid:Workflows:Dicom:AeTitles:{i}";
            if (AeTitleProblem(ae.AeTitle) is { } problem) throw new InvalidOperationException($"{setting}:AeTitle: {problem}");
            if (ae.Port is < 0 or > 65535) throw new InvalidOperationException($"{setting}:Port: {ae.Port} is not a TCP port");
            if (ae.Timeout <= TimeSpan.Zero) throw new InvalidOperationException($"{setting}:Timeout: must be positive, not {ae.Timeout}");
            if (!byTitle.TryAdd(ae.AeTitle, ae)) throw new InvalidOperationException($"{setting}:AeTitle: '{ae.AeTitle}' is configured twice");
        }
        if (!System.Net.IPAddress.TryParse(options.ListenAddress, out _))
            throw new InvalidOperationException($"Grid:Workflows:Dicom:ListenAddress: '{options.ListenAddress}' is not an IP address");
        return byTitle;
    }

    /// <summary>PS3.5 6.2: up to 16 characters of the default repertoire, no backslash or control character, not only spaces.</summary>
    public static string? AeTitleProblem(string? aeTitle) =>
        string.IsNullOrWhiteSpace(aeTitle) ? "an AE title is required"
        : aeTitle.Length > 16 ? $"'{aeTitle}' is longer than 16 characters"
        : aeTitle.Any(c => c == '\\' || char.IsControl(c) || c > '~') ? $"'{aeTitle}' holds a backslash, a control or a non-ASCII character"
        : aeTitle != aeTitle.Trim() ? $"'{aeTitle}' has leading or trailing spaces"
        : null;
}
