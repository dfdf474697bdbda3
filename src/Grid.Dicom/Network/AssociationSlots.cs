namespace Grid.Dicom.Network;

/// <summary>
/// The connection limits of a <see cref="DicomServer"/>. Only associations take one of the
/// <see cref="DicomServerOptions.MaxAssociations"/> slots, once their A-ASSOCIATE-RQ passed; connections still waiting for
/// it are counted apart, and past <see cref="DicomServerOptions.MaxUnassociatedConnections"/> the oldest of them is
/// closed to make room. So connections that never associate cannot lock out a sender that does: at worst they are
/// dropped sooner than ARTIM would drop them.
/// </summary>
internal sealed class AssociationSlots(int maxAssociations, int maxUnassociated)
{
    private readonly object _gate = new();
    private readonly LinkedList<CancellationTokenSource> _unassociated = new();
    private int _associations;

    /// <summary>Registers a new connection; <paramref name="close"/> is cancelled if it must make room for a newer one.</summary>
    public LinkedListNode<CancellationTokenSource> AddUnassociated(CancellationTokenSource close)
    {
        LinkedListNode<CancellationTokenSource> node;
        CancellationTokenSource? evicted = null;
        lock (_gate)
        {
            node = _unassociated.AddLast(close);
            if (_unassociated.Count > maxUnassociated)
            {
                evicted = _unassociated.First!.Value;
                _unassociated.RemoveFirst();
            }
        }
        evicted?.Cancel();
        return node;
    }

    /// <summary>The connection sent its A-ASSOCIATE-RQ, or closed: it no longer waits.</summary>
    public void RemoveUnassociated(LinkedListNode<CancellationTokenSource> node)
    {
        lock (_gate)
            if (node.List is not null) _unassociated.Remove(node);
    }

    public bool TryTakeAssociation()
    {
        lock (_gate)
        {
            if (_associations >= maxAssociations) return false;
            _associations++;
            return true;
        }
    }

    public void ReleaseAssociation()
    {
        lock (_gate) _associations--;
    }
}
