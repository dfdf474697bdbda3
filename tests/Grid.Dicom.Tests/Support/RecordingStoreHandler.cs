using System.Collections.Concurrent;
using Grid.Dicom.Network;

namespace Grid.Dicom.Tests.Support;

/// <summary>Keeps what a test provider received and saves each instance to a folder.</summary>
public sealed class RecordingStoreHandler(string folder) : IDicomStoreHandler
{
    public sealed record Received(DicomReceivedInstance Instance, string SavedPath);

    public ConcurrentQueue<Received> Instances { get; } = new();

    public async Task<ushort> StoreAsync(DicomReceivedInstance instance, CancellationToken cancellationToken)
    {
        var path = Path.Combine(folder, instance.SopInstanceUid + ".dcm");
        await using (var file = File.Create(path))
            await instance.Content.CopyToAsync(file, cancellationToken);
        Instances.Enqueue(new Received(instance, path));
        return DicomStatus.Success;
    }
}
