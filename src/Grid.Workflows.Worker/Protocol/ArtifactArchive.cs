using System.Formats.Tar;

namespace Grid.Workflows.Worker.Protocol;

/// <summary>
/// An artifact travels through the grid as one result holding a tar archive of its files, so that an artifact of
/// any number of files is one data dependency. Paths are relative; one that escapes its folder is refused.
/// The stream forms (<see cref="WriteAsync"/>, <see cref="ForEachFileAsync"/>, <see cref="UnpackToAsync"/>) hold one
/// buffer, not the artifact: use them for artifacts that may be large (a received study can be many gigabytes).
/// </summary>
public static class ArtifactArchive
{
    public static byte[] Pack(IEnumerable<ArtifactFile> files)
    {
        using var buffer = new MemoryStream();
        WriteAsync(buffer, files, [], CancellationToken.None).GetAwaiter().GetResult();
        return buffer.ToArray();
    }

    /// <summary>Writes the archive of the files to <paramref name="destination"/>, which need not be seekable; files on disk are streamed.</summary>
    public static async Task WriteAsync(Stream destination, IEnumerable<ArtifactFile> files, IEnumerable<ArtifactFileOnDisk> filesOnDisk,
        CancellationToken cancellationToken)
    {
        await using var writer = new TarWriter(destination, TarEntryFormat.Pax, leaveOpen: true);
        foreach (var file in files)
        {
            var entry = new PaxTarEntry(TarEntryType.RegularFile, CheckedPath(file.Path))
            {
                DataStream = new MemoryStream(file.Data, writable: false),
            };
            await writer.WriteEntryAsync(entry, cancellationToken).ConfigureAwait(false);
        }
        foreach (var file in filesOnDisk)
        {
            var path = CheckedPath(file.Path);
            await using var data = new FileStream(file.SourcePath, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.Asynchronous | FileOptions.SequentialScan);
            await writer.WriteEntryAsync(new PaxTarEntry(TarEntryType.RegularFile, path) { DataStream = data }, cancellationToken).ConfigureAwait(false);
        }
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
        using var stream = new MemoryStream(archive.ToArray(), writable: false);
        ForEachFileAsync(stream, async (path, data, ct) =>
        {
            using var copy = new MemoryStream();
            await data.CopyToAsync(copy, ct).ConfigureAwait(false);
            files.Add(new ArtifactFile(path, copy.ToArray()));
        }, CancellationToken.None).GetAwaiter().GetResult();
        return files;
    }

    /// <summary>
    /// Reads the archive from <paramref name="archive"/> (need not be seekable) and hands each file to
    /// <paramref name="visit"/> as a stream, valid during the call only; returns how many files there were.
    /// </summary>
    public static async Task<int> ForEachFileAsync(Stream archive, Func<string, Stream, CancellationToken, Task> visit, CancellationToken cancellationToken)
    {
        var count = 0;
        await using var reader = new TarReader(archive, leaveOpen: true);
        while (await reader.GetNextEntryAsync(copyData: false, cancellationToken).ConfigureAwait(false) is { } entry)
        {
            if (entry.EntryType is not (TarEntryType.RegularFile or TarEntryType.V7RegularFile)) continue;
            await visit(CheckedPath(entry.Name), entry.DataStream ?? Stream.Null, cancellationToken).ConfigureAwait(false);
            count++;
        }
        return count;
    }

    /// <summary>Writes the files of <paramref name="archive"/> under <paramref name="folder"/>; returns how many.</summary>
    public static int UnpackTo(ReadOnlyMemory<byte> archive, string folder)
    {
        if (archive.IsEmpty) return 0;
        using var stream = new MemoryStream(archive.ToArray(), writable: false);
        return UnpackToAsync(stream, folder, CancellationToken.None).GetAwaiter().GetResult();
    }

    /// <summary>Streams the files of <paramref name="archive"/> to under <paramref name="folder"/>; returns how many.</summary>
    public static Task<int> UnpackToAsync(Stream archive, string folder, CancellationToken cancellationToken) =>
        ForEachFileAsync(archive, async (path, data, ct) =>
        {
            var target = Path.Combine(folder, path);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            await using var file = new FileStream(target, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16, FileOptions.Asynchronous);
            await data.CopyToAsync(file, ct).ConfigureAwait(false);
        }, cancellationToken);

    private static string CheckedPath(string path)
    {
        var normalized = path.Replace('\\', '/');
        if (normalized.Length == 0 || normalized.StartsWith('/') || normalized.Split('/').Any(part => part is ".." or ""))
            throw new InvalidDataException($"artifact file path '{path}' must be relative and stay inside its artifact");
        return normalized;
    }
}
