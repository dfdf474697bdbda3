using System.Net.Sockets;
using Grid.Dicom.Data;
using Grid.Dicom.Network;
using Grid.Workflows.Engine.Export;
using Microsoft.Extensions.Logging;

namespace Grid.Workflows.Dicom.Export;

/// <summary>
/// Sends the DICOM files of an export request to one destination with C-STORE. Files that are not Part 10 files
/// are skipped. An association that cannot be opened or breaks is tried again with exponential backoff, sending
/// only the files not yet answered; a file the destination answers with a failure status, or for which it
/// accepted no presentation context, fails at once (sending it again would get the same answer). A file is converted
/// to the transfer syntax the destination accepted when Grid can (<see cref="DicomTranscoder"/>); when it cannot, its
/// status says why.
/// </summary>
internal sealed class DicomExportSender(DicomExportOptions options, DicomExportStatistics statistics, ILogger logger)
{
    private sealed record Outgoing(string Artifact, string Path, byte[] Data, string SopClassUid, string SopInstanceUid, string TransferSyntaxUid);

    public async Task<IReadOnlyList<ExportFileStatus>> SendAsync(DicomDestination destination, ExportRequest request, CancellationToken cancellationToken)
    {
        var statuses = new List<ExportFileStatus>();
        var pending = new List<Outgoing>();
        foreach (var artifact in request.Artifacts)
            foreach (var file in artifact.Files)
            {
                if (ReadMeta(file.Data) is { } meta)
                    pending.Add(new Outgoing(artifact.Name, file.Path, file.Data, meta.SopClass, meta.SopInstance, meta.TransferSyntax));
                else
                    statuses.Add(Status(destination, artifact.Name, file.Path, ExportFileOutcome.Skipped, 0, error: "not a DICOM Part 10 file"));
            }

        string? lastError = null;
        for (var attempt = 1; attempt <= options.MaxAttempts && pending.Count > 0; attempt++)
        {
            if (attempt > 1) await Task.Delay(Backoff(attempt - 1), cancellationToken).ConfigureAwait(false);
            try
            {
                await SendOnOneAssociationAsync(destination, pending, statuses, attempt, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is DicomAssociationException or DicomNetworkTimeoutException or SocketException or IOException or PduProtocolException)
            {
                statistics.OnFailedAssociation();
                lastError = e.Message;
                logger.LogWarning("Export to DICOM destination {Destination} ({AeTitle}@{Host}:{Port}), attempt {Attempt} of {MaxAttempts}: {Error}; {Pending} files not sent yet",
                    destination.Name, destination.AeTitle, destination.Host, destination.Port, attempt, options.MaxAttempts, e.Message, pending.Count);
            }
        }
        foreach (var file in pending)
            statuses.Add(Status(destination, file, ExportFileOutcome.Failed, options.MaxAttempts, null,
                $"not sent after {options.MaxAttempts} association attempts: {lastError}"));
        return statuses;
    }

    /// <summary>Removes each file from <paramref name="pending"/> as soon as its fate is known.</summary>
    private async Task SendOnOneAssociationAsync(DicomDestination destination, List<Outgoing> pending, List<ExportFileStatus> statuses, int attempt,
        CancellationToken cancellationToken)
    {
        var client = new DicomClientOptions
        {
            Host = destination.Host,
            Port = destination.Port,
            CalledAeTitle = destination.AeTitle,
            CallingAeTitle = options.CallingAeTitle,
            ConnectTimeout = options.ConnectTimeout,
            ArtimTimeout = options.ResponseTimeout,
            DimseTimeout = options.ResponseTimeout,
        };
        var contexts = PresentationContexts(pending);
        await using var association = await DicomClientAssociation.ConnectAsync(client, contexts, cancellationToken).ConfigureAwait(false);
        foreach (var file in pending.ToList())
        {
            var data = file.Data;
            var syntax = SyntaxToSend(association, file);
            var reason = syntax is null ? Refusal(association, contexts, file) : DicomTranscoder.WhyNot(file.TransferSyntaxUid, syntax);
            if (reason is null && syntax != file.TransferSyntaxUid)
            {
                try
                {
                    data = DicomTranscoder.Transcode(file.Data, syntax!);
                }
                catch (Exception e) when (e is DicomFormatException or InvalidOperationException or OverflowException or InvalidDataException)
                {
                    reason = $"could not be converted from {DicomTransferSyntaxNames.Describe(file.TransferSyntaxUid)} to "
                        + $"{DicomTransferSyntaxNames.Describe(syntax!)}: {e.Message}";
                }
            }
            if (reason is not null)
            {
                statuses.Add(Status(destination, file, ExportFileOutcome.Failed, attempt, null, reason));
                pending.Remove(file);
                continue;
            }
            ushort status;
            try
            {
                status = await association.StoreAsync(new MemoryStream(data, writable: false), cancellationToken).ConfigureAwait(false);
            }
            catch (DicomFormatException e)
            {
                statuses.Add(Status(destination, file, ExportFileOutcome.Failed, attempt, null, $"could not be sent: {e.Message}"));
                pending.Remove(file);
                continue;
            }
            var success = DicomStatus.IsSuccess(status) || DicomStatus.IsWarning(status);
            if (success) statistics.OnFileSent();
            statuses.Add(Status(destination, file, success ? ExportFileOutcome.Sent : ExportFileOutcome.Failed, attempt, status,
                success ? null : $"the destination answered C-STORE with status 0x{status:X4}"));
            pending.Remove(file);
        }
        await association.ReleaseAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The file's own syntax when the destination accepted it, else a native one it accepted (the file is converted,
    /// or decompressed when Grid can), else null.
    /// </summary>
    private static string? SyntaxToSend(DicomClientAssociation association, Outgoing file)
    {
        if (association.FindContext(file.SopClassUid, file.TransferSyntaxUid) is { } own) return own.TransferSyntax;
        if (!DicomTransferSyntax.FromUid(file.TransferSyntaxUid).IsEncapsulated) return null;
        return association.FindContext(file.SopClassUid, DicomUids.ExplicitVRLittleEndian)?.TransferSyntax;
    }

    /// <summary>Why no presentation context carries the file, naming the syntaxes the destination did accept for its SOP class.</summary>
    private static string Refusal(DicomClientAssociation association, List<(string AbstractSyntax, IReadOnlyList<string> TransferSyntaxes)> contexts, Outgoing file)
    {
        var accepted = association.Accept.PresentationContexts
            .Where(r => r.IsAccepted && (r.Id - 1) / 2 < contexts.Count && contexts[(r.Id - 1) / 2].AbstractSyntax == file.SopClassUid)
            .Select(r => DicomTransferSyntaxNames.Describe(r.TransferSyntax))
            .Distinct()
            .ToList();
        var own = DicomTransferSyntaxNames.Describe(file.TransferSyntaxUid);
        var toNative = DicomTranscoder.WhyNot(file.TransferSyntaxUid, DicomUids.ExplicitVRLittleEndian);
        if (accepted.Count == 0)
            return $"the destination accepted no presentation context for SOP class {file.SopClassUid} in transfer syntax {own}"
                + (toNative is null ? " or a native one" : $" ({toNative}, so no other was offered)");
        return $"the destination accepts SOP class {file.SopClassUid} only in {string.Join(", ", accepted)}, and the file is in {own}: "
            + (toNative ?? "Grid does not convert to that syntax");
    }

    /// <summary>
    /// One context per (SOP class, transfer syntax): a native syntax also offers the little endian ones; a compressed
    /// one is offered alone, plus a context of the little endian ones when Grid can decompress it, so that a
    /// destination that takes the compressed syntax gets it as it is.
    /// </summary>
    private static List<(string AbstractSyntax, IReadOnlyList<string> TransferSyntaxes)> PresentationContexts(IEnumerable<Outgoing> files)
    {
        string[] native = [DicomUids.ExplicitVRLittleEndian, DicomUids.ImplicitVRLittleEndian];
        var contexts = new List<(string AbstractSyntax, IReadOnlyList<string> TransferSyntaxes)>();
        foreach (var (sopClass, syntax) in files.Select(f => (f.SopClassUid, f.TransferSyntaxUid)).Distinct())
        {
            if (!DicomTransferSyntax.FromUid(syntax).IsEncapsulated)
            {
                contexts.Add((sopClass, new[] { syntax }.Concat(native).Distinct().ToArray()));
                continue;
            }
            contexts.Add((sopClass, [syntax]));
            if (DicomTranscoder.WhyNot(syntax, DicomUids.ExplicitVRLittleEndian) is null) contexts.Add((sopClass, native));
        }
        return contexts.DistinctBy(c => (c.AbstractSyntax, string.Join('\\', c.TransferSyntaxes))).Take(128).ToList();
    }

    private TimeSpan Backoff(int failures)
    {
        var ticks = options.InitialBackoff.Ticks * Math.Pow(2, failures - 1);
        return TimeSpan.FromTicks((long)Math.Min(ticks, options.MaxBackoff.Ticks));
    }

    private static (string SopClass, string SopInstance, string TransferSyntax)? ReadMeta(byte[] data)
    {
        try
        {
            var meta = DicomFileMetaInformation.Read(new DicomInputBuffer(new MemoryStream(data, writable: false), 4096));
            return meta.GetString(DicomTags.MediaStorageSOPClassUID) is { Length: > 0 } sopClass
                && meta.GetString(DicomTags.MediaStorageSOPInstanceUID) is { Length: > 0 } sopInstance
                ? (sopClass, sopInstance, meta.GetString(DicomTags.TransferSyntaxUID)!)
                : null;
        }
        catch (Exception e) when (e is DicomFormatException or EndOfStreamException or InvalidOperationException or ArgumentException)
        {
            return null;
        }
    }

    private static ExportFileStatus Status(DicomDestination destination, Outgoing file, ExportFileOutcome outcome, int attempts, ushort? dimseStatus, string? error) =>
        Status(destination, file.Artifact, file.Path, outcome, attempts, file.SopInstanceUid, dimseStatus, error);

    private static ExportFileStatus Status(DicomDestination destination, string artifact, string path, ExportFileOutcome outcome, int attempts,
        string? sopInstanceUid = null, ushort? dimseStatus = null, string? error = null) => new()
    {
        Destination = destination.Name,
        Artifact = artifact,
        Path = path,
        Outcome = outcome,
        Attempts = attempts,
        SopInstanceUid = sopInstanceUid,
        DimseStatus = dimseStatus,
        Error = error,
    };
}
