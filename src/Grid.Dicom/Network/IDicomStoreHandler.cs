namespace Grid.Dicom.Network;

/// <summary>Receives each instance a C-STORE user sends and decides the DIMSE status of the response.</summary>
public interface IDicomStoreHandler
{
    Task<ushort> StoreAsync(DicomReceivedInstance instance, CancellationToken cancellationToken);

    /// <summary>
    /// Told when the data set of a C-STORE starts to arrive, long before <see cref="StoreAsync"/> for a large or slow
    /// instance. The object returned is disposed once the instance was stored (after <see cref="StoreAsync"/>) or
    /// dropped with its association, so a handler can count an instance in transit as activity.
    /// </summary>
    IDisposable? OnReceiving(string calledAeTitle, string callingAeTitle) => null;
}

/// <summary>Adapts a delegate to <see cref="IDicomStoreHandler"/>.</summary>
public sealed class DelegateStoreHandler(Func<DicomReceivedInstance, CancellationToken, Task<ushort>> store) : IDicomStoreHandler
{
    public Task<ushort> StoreAsync(DicomReceivedInstance instance, CancellationToken cancellationToken) => store(instance, cancellationToken);
}
