namespace Grid.Dicom.Data;

/// <summary>
/// Every storage SOP class of the standard (PS3.4 Annex B, PS3.6 Annex A), retired ones included, read from the
/// table <c>StorageSopClasses.txt</c> embedded in this library.
/// </summary>
public static class DicomStorageSopClasses
{
    private static readonly Lazy<IReadOnlyDictionary<string, string>> Table = new(Load);
    private static readonly Lazy<IReadOnlySet<string>> Uids = new(() => Table.Value.Keys.ToHashSet(StringComparer.Ordinal));

    /// <summary>The UIDs.</summary>
    public static IReadOnlySet<string> All => Uids.Value;

    /// <summary>The name the standard gives a storage SOP class, or null when the UID is not one.</summary>
    public static string? NameOf(string uid) => Table.Value.GetValueOrDefault(uid);

    private static IReadOnlyDictionary<string, string> Load()
    {
        using var stream = typeof(DicomStorageSopClasses).Assembly.GetManifestResourceStream("Grid.Dicom.StorageSopClasses.txt")
            ?? throw new InvalidOperationException("The storage SOP class table is missing from Grid.Dicom.");
        using var reader = new StreamReader(stream);
        var table = new Dictionary<string, string>(StringComparer.Ordinal);
        while (reader.ReadLine() is { } line)
        {
            if (line.Length == 0 || line.StartsWith('#')) continue;
            var tab = line.IndexOf('\t');
            table.Add(line[..tab], line[(tab + 1)..]);
        }
        return table;
    }
}
