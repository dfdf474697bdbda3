using Grid.Dicom.Data;
using Grid.Dicom.Network;
using Microsoft.Extensions.Logging;

namespace Grid.Workflows.Dicom.Ingest;

/// <summary>
/// Stores each instance the ingest ports receive in its group, and answers the C-STORE only once the instance and
/// its metadata are on disk: an acknowledged instance is never lost. An instance without study or series UID is
/// refused (A900), one that cannot be stored gets "out of resources" (A700) and leaves nothing behind.
/// </summary>
internal sealed class IngestReceiver(
    IngestStore store, IngestGroups groups, IReadOnlyDictionary<string, IngestAeTitleOptions> aeTitles, ILogger logger) : IDicomStoreHandler
{
    private long _stored;

    public long Stored => Interlocked.Read(ref _stored);

    /// <summary>An instance in transit keeps the groups of its sender and AE title open (see <see cref="IngestGroups"/>).</summary>
    public IDisposable? OnReceiving(string calledAeTitle, string callingAeTitle) => groups.BeginArrival(calledAeTitle, callingAeTitle);

    public async Task<ushort> StoreAsync(DicomReceivedInstance received, CancellationToken cancellationToken)
    {
        if (!aeTitles.TryGetValue(received.CalledAeTitle, out var aeTitle)) return DicomStatus.ProcessingFailure;
        var metadata = received.Metadata;
        var study = metadata.GetString(DicomTags.StudyInstanceUID);
        var series = metadata.GetString(DicomTags.SeriesInstanceUID);
        if (string.IsNullOrEmpty(study) || string.IsNullOrEmpty(series))
        {
            logger.LogWarning("Refused instance {SopInstanceUid} from {CallingAe}: it has no Study or Series Instance UID",
                received.SopInstanceUid, received.CallingAeTitle);
            return DicomStatus.DataSetDoesNotMatchSopClassError;
        }

        var key = new IngestGroupKey(received.CalledAeTitle, received.CallingAeTitle, study,
            aeTitle.Grouping == IngestGrouping.Series ? series : null);
        var group = await groups.BeginWriteAsync(key, aeTitle.Timeout, () => store.CreateGroupAsync(key, cancellationToken)).ConfigureAwait(false);
        var stored = false;
        try
        {
            await store.WriteInstanceAsync(group.GroupId, received, cancellationToken).ConfigureAwait(false);
            stored = true;
            Interlocked.Increment(ref _stored);
            return DicomStatus.Success;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            logger.LogError(e, "Could not store instance {SopInstanceUid} from {CallingAe}", received.SopInstanceUid, received.CallingAeTitle);
            return DicomStatus.OutOfResources;
        }
        finally
        {
            groups.EndWrite(group, stored);
        }
    }
}
