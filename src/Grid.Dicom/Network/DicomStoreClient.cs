using Grid.Dicom.Data;

namespace Grid.Dicom.Network;

/// <summary>Sends Part 10 files with C-STORE over one association: propose, send each, release.</summary>
public static class DicomStoreClient
{
    public sealed record Result(string Path, string SopInstanceUid, ushort Status);

    public static async Task<IReadOnlyList<Result>> SendFilesAsync(DicomClientOptions options, IEnumerable<string> paths,
        CancellationToken cancellationToken = default)
    {
        var files = paths.Select(p => (Path: p, Meta: ReadMeta(p))).ToList();
        // One context per (SOP class, transfer syntax) so that every file has a context matching its encoding;
        // native syntaxes also offer the little endian ones as fallback.
        var contexts = files
            .Select(f => (Sop: f.Meta.GetString(DicomTags.MediaStorageSOPClassUID)!, Ts: f.Meta.GetString(DicomTags.TransferSyntaxUID)!))
            .Distinct()
            .Select(c => (c.Sop, (IReadOnlyList<string>)(DicomTransferSyntax.FromUid(c.Ts).IsEncapsulated
                ? [c.Ts]
                : new[] { c.Ts, DicomUids.ExplicitVRLittleEndian, DicomUids.ImplicitVRLittleEndian }.Distinct().ToArray())))
            .ToList();

        await using var association = await DicomClientAssociation.ConnectAsync(options, contexts, cancellationToken);
        var results = new List<Result>();
        foreach (var (path, meta) in files)
        {
            var status = await association.StoreAsync(path, cancellationToken);
            results.Add(new Result(path, meta.GetString(DicomTags.MediaStorageSOPInstanceUID)!, status));
        }
        await association.ReleaseAsync(cancellationToken);
        return results;
    }

    private static DicomDataset ReadMeta(string path)
    {
        using var stream = File.OpenRead(path);
        return DicomFileMetaInformation.Read(new DicomInputBuffer(stream, 4096));
    }
}
