using System.Formats.Tar;

namespace Grid.Workflows.Worker.Protocol;

/// <summary>
/// An artifact travels through the grid as one result holding a tar archive of its files, so that an artifact of
/// any number of files is one data dependency. Paths are relative; one that escapes its folder is refused.
/// </summary>
public static class ArtifactArchive
{
    public static byte[] Pack(IEnumerable<ArtifactFile> files)
    {
        using var buffer = new MemoryStream();
        using (var writer = new TarWriter(buffer, TarEntryFormat.Pax, leaveOpen: true))
        {
            foreach (var file in files)
            {
                var entry = new PaxTarEntry(TarEntryType.RegularFile, CheckedPath(file.Path))
                {
                    DataStream = new MemoryStream(file.Data, writable: false),
                };
                writer.WriteEntry(entry);
            }
        }
        return buffer.ToArray();
    }

    /// <summary>Every file under <paramref name="folder"/>, paths relative to it.</summary>
    public static byte[] PackFolder(string folder) =>
        Pack(Directory.Exists(folder)
            ? Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
                .Order(StringComparer.Ordinal)
                .Select(path => new ArtifactFile(Path.GetRelativePath(folder, path).Replace('\\', '/'), File.ReadAllBytes(path)))
            : []);

    public static IReadOnlyList<ArtifactFile> Unpack(ReadOnlyMemory<byte> archive)
    {
        var files = new List<ArtifactFile>();
        if (archive.IsEmpty) return files;
        using var reader = new TarReader(new MemoryStream(archive.ToArray(), writable: false));
        while (reader.GetNextEntry() is { } entry)
        {
            if (entry.EntryType is not (TarEntryType.RegularFile or TarEntryType.V7RegularFile)) continue;
            using var data = new MemoryStream();
            entry.DataStream?.CopyTo(data);
            files.Add(new ArtifactFile(CheckedPath(entry.Name), data.ToArray()));
        }
        return files;
    }

    /// <summary>Writes the files of <paramref name="archive"/> under <paramref name="folder"/>; returns how many.</summary>
    public static int UnpackTo(ReadOnlyMemory<byte> archive, string folder)
    {
        var files = Unpack(archive);
        foreach (var file in files)
        {
            var target = Path.Combine(folder, file.Path);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.WriteAllBytes(target, file.Data);
        }
        return files.Count;
    }

    private static string CheckedPath(string path)
    {
        var normalized = path.Replace('\\', '/');
        if (normalized.Length == 0 || normalized.StartsWith('/') || normalized.Split('/').Any(part => part is ".." or ""))
            throw new InvalidDataException($"artifact file path '{path}' must be relative and stay inside its artifact");
        return normalized;
    }
}
