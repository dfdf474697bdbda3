namespace Grid.Dicom.Network;

/// <summary>Receives each instance a C-STORE user sends and decides the DIMSE status of the response.</summary>
public interface IDicomStoreHandler
{
    Task<ushort> StoreAsync(DicomReceivedInstance instance, CancellationToken cancellationToken);
}

/// <summary>Adapts a delegate to <see cref="IDicomStoreHandler"/>.</summary>
public sealed class DelegateStoreHandler(Func<DicomReceivedInstance, CancellationToken, Task<ushort>> store) : IDicomStoreHandler
{
    public Task<ushort> StoreAsync(DicomReceivedInstance instance, CancellationToken cancellationToken) => store(instance, cancellationToken);
}
