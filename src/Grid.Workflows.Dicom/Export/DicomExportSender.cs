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
/// accepted no presentation context, fails at once (sending it again would get the same answer).
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
        await using var association = await DicomClientAssociation.ConnectAsync(client, PresentationContexts(pending), cancellationToken).ConfigureAwait(false);
        foreach (var file in pending.ToList())
        {
            if (association.FindContext(file.SopClassUid, file.TransferSyntaxUid) is null)
            {
                statuses.Add(Status(destination, file, ExportFileOutcome.Failed, attempt, null,
                    $"the destination accepted no presentation context for SOP class {file.SopClassUid} in transfer syntax {file.TransferSyntaxUid}"));
                pending.Remove(file);
                continue;
            }
            ushort status;
            try
            {
                status = await association.StoreAsync(new MemoryStream(file.Data, writable: false), cancellationToken).ConfigureAwait(false);
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

    /// <summary>One context per (SOP class, transfer syntax); native syntaxes also offer the little endian ones.</summary>
    private static List<(string, IReadOnlyList<string>)> PresentationContexts(IEnumerable<Outgoing> files) =>
        files.Select(f => (f.SopClassUid, f.TransferSyntaxUid))
            .Distinct()
            .Take(128)
            .Select(c => (c.SopClassUid, (IReadOnlyList<string>)(DicomTransferSyntax.FromUid(c.TransferSyntaxUid).IsEncapsulated
                ? [c.TransferSyntaxUid]
                : new[] { c.TransferSyntaxUid, DicomUids.ExplicitVRLittleEndian, DicomUids.ImplicitVRLittleEndian }.Distinct().ToArray())))
            .ToList();

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
