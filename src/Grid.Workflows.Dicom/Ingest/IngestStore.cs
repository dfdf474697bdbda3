using System.Text.Json;
using Grid.Core.Storage.FileSystem;
using Grid.Dicom.Network;
using System.Text.RegularExpressions;

namespace Grid.Workflows.Dicom.Ingest;

/// <summary>
/// Received instances on disk, one folder per open group: <c>group.json</c> (its key), then per instance
/// <c>&lt;SOP Instance UID&gt;.dcm</c>, the Part 10 file as received. That file is the whole record: it is the spool
/// file the server received into, flushed and then renamed into the group (whose folder is flushed too, once for
/// all the instances renamed into it meanwhile), so a <c>.dcm</c> is always complete and survives a crash once acknowledged. What is needed of it later is read back from it
/// (<see cref="IngestedInstance.Read"/>) when its group closes.
/// </summary>
public sealed partial class IngestStore
{
    private const string GroupFile = "group.json";
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly string _groups;
    private readonly bool _flushToDisk;
    private readonly FolderFlush _directoryFlush = new();

    public IngestStore(string folder, bool flushToDisk)
    {
        _groups = Path.Combine(Path.GetFullPath(folder), "groups");
        FailedFolder = Path.Combine(Path.GetFullPath(folder), "failed");
        _flushToDisk = flushToDisk;
        Directory.CreateDirectory(_groups);
    }

    /// <summary>Where groups whose workflows could not be started are kept, out of the way of the next start.</summary>
    public string FailedFolder { get; }

    public async Task<string> CreateGroupAsync(IngestGroupKey key, CancellationToken cancellationToken)
    {
        var groupId = $"g-{DateTime.UtcNow:yyyyMMddHHmmss}-{Guid.NewGuid():N}";
        var folder = Directory.CreateDirectory(Path.Combine(_groups, groupId)).FullName;
        await WriteDurablyAsync(Path.Combine(folder, GroupFile), JsonSerializer.SerializeToUtf8Bytes(key, Json), cancellationToken).ConfigureAwait(false);
        if (_flushToDisk)
        {
            await _directoryFlush.FlushAsync(folder, cancellationToken).ConfigureAwait(false);
            await _directoryFlush.FlushAsync(_groups, cancellationToken).ConfigureAwait(false);
        }
        return groupId;
    }

    /// <summary>Keeps the received instance in its group; when this returns it is on disk (flushed, unless configured otherwise).</summary>
    public async Task WriteInstanceAsync(string groupId, DicomReceivedInstance received, CancellationToken cancellationToken)
    {
        var folder = Path.Combine(_groups, groupId);
        await received.SaveContentAsAsync(Path.Combine(folder, FileNameOf(received.SopInstanceUid) + ".dcm"), _flushToDisk, cancellationToken).ConfigureAwait(false);
        if (_flushToDisk) await _directoryFlush.FlushAsync(folder, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The groups left by a previous run, each with its instance count, after removing what no sender was told was
    /// stored (temporary files, the <c>.json</c> files of earlier versions, groups without instances).
    /// </summary>
    public IReadOnlyList<(string GroupId, IngestGroupKey Key, int Instances)> Recover()
    {
        var groups = new List<(string, IngestGroupKey, int)>();
        foreach (var folder in Directory.EnumerateDirectories(_groups))
        {
            foreach (var temporary in Directory.EnumerateFiles(folder, "*.tmp")) File.Delete(temporary);
            foreach (var json in Directory.EnumerateFiles(folder, "*.json"))
                if (Path.GetFileName(json) != GroupFile) File.Delete(json);
            var keyFile = Path.Combine(folder, GroupFile);
            var instances = Directory.EnumerateFiles(folder, "*.dcm").Count();
            if (!File.Exists(keyFile) || instances == 0)
            {
                Directory.Delete(folder, recursive: true);
                continue;
            }
            var key = JsonSerializer.Deserialize<IngestGroupKey>(File.ReadAllBytes(keyFile), Json)
                ?? throw new InvalidDataException($"{keyFile} is empty");
            groups.Add((Path.GetFileName(folder), key, instances));
        }
        return groups;
    }

    /// <summary>The instances of a group, each with the path of its Part 10 file.</summary>
    public IReadOnlyList<(IngestedInstance Instance, string Path)> ReadInstances(string groupId) =>
        Directory.EnumerateFiles(Path.Combine(_groups, groupId), "*.dcm")
            .Select(path => (IngestedInstance.Read(path), path))
            .ToList();

    /// <summary>Moves a group to <see cref="FailedFolder"/> with its files; returns where it went.</summary>
    public string SetAside(string groupId)
    {
        Directory.CreateDirectory(FailedFolder);
        var target = Path.Combine(FailedFolder, groupId);
        Directory.Move(Path.Combine(_groups, groupId), target);
        _directoryFlush.Forget(Path.Combine(_groups, groupId));
        return target;
    }

    public void DeleteGroup(string groupId)
    {
        var folder = Path.Combine(_groups, groupId);
        if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        _directoryFlush.Forget(folder);
    }

    private async Task WriteDurablyAsync(string path, byte[] data, CancellationToken cancellationToken)
    {
        var temporary = path + ".tmp";
        await using (var file = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, 4096, FileOptions.Asynchronous))
        {
            await file.WriteAsync(data, cancellationToken).ConfigureAwait(false);
            if (_flushToDisk) file.Flush(flushToDisk: true);
        }
        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>UIDs are digits and dots (PS3.5 9.1) and so safe file names; anything else gets a name of its own.</summary>
    private static string FileNameOf(string sopInstanceUid) =>
        UidPattern().IsMatch(sopInstanceUid) ? sopInstanceUid : "x-" + Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(sopInstanceUid)))[..32];

    [GeneratedRegex("^[0-9][0-9.]{0,63}$")]
    private static partial Regex UidPattern();
}
