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
            CheckUids(ae.SopClasses, $"{setting}:SopClasses");
            CheckUids(ae.TransferSyntaxes, $"{setting}:TransferSyntaxes");
        }
        if (!System.Net.IPAddress.TryParse(options.ListenAddress, out _))
            throw new InvalidOperationException($"Grid:Workflows:Dicom:ListenAddress: '{options.ListenAddress}' is not an IP address");
        if (options.MaxAssociations < 1)
            throw new InvalidOperationException($"Grid:Workflows:Dicom:MaxAssociations: must be at least 1, not {options.MaxAssociations}");
        if (options.MaxUnassociatedConnections < 1)
            throw new InvalidOperationException($"Grid:Workflows:Dicom:MaxUnassociatedConnections: must be at least 1, not {options.MaxUnassociatedConnections}");
        if (options.ArtimTimeout <= TimeSpan.Zero)
            throw new InvalidOperationException($"Grid:Workflows:Dicom:ArtimTimeout: must be positive, not {options.ArtimTimeout}");
        if (options.IdleTimeout <= TimeSpan.Zero)
            throw new InvalidOperationException($"Grid:Workflows:Dicom:IdleTimeout: must be positive, not {options.IdleTimeout}");
        return byTitle;
    }

    /// <summary>PS3.5 9.1: digits and dots, components without leading zeros, at most 64 characters.</summary>
    private static void CheckUids(List<string> uids, string setting)
    {
        for (var i = 0; i < uids.Count; i++)
        {
            var uid = uids[i];
            var valid = uid.Length is > 0 and <= 64
                && uid.Split('.').All(part => part.Length > 0 && part.All(char.IsAsciiDigit) && (part.Length == 1 || part[0] != '0'));
            if (!valid) throw new InvalidOperationException($"{setting}:{i}: '{uid}' is not a UID");
        }
    }

    /// <summary>PS3.5 6.2: up to 16 characters of the default repertoire, no backslash or control character, not only spaces.</summary>
    public static string? AeTitleProblem(string? aeTitle) =>
        string.IsNullOrWhiteSpace(aeTitle) ? "an AE title is required"
        : aeTitle.Length > 16 ? $"'{aeTitle}' is longer than 16 characters"
        : aeTitle.Any(c => c == '\\' || char.IsControl(c) || c > '~') ? $"'{aeTitle}' holds a backslash, a control or a non-ASCII character"
        : aeTitle != aeTitle.Trim() ? $"'{aeTitle}' has leading or trailing spaces"
        : null;
}
