using Microsoft.Data.Sqlite;

namespace Grid.Storage.Sqlite;

/// <summary>
/// The one write connection, shared by every writer of the process through group commit: the writes that
/// callers ask for while a round runs gather, and the next round runs them all in one transaction, with one
/// commit (and, with <see cref="Core.Storage.StorageDurability.PowerLoss"/>, one flush) for all. A caller's task completes only after the commit that holds its write.
/// </summary>
/// <remarks>
/// The first caller when no round runs leads: it runs the round on its own thread, so a lone write pays no
/// thread hop. Later rounds, if writes arrived meanwhile, continue on the thread pool so that the leader's
/// caller is not held by other callers' writes. A write whose caller cancelled before its turn is skipped; once
/// started it runs to its commit. A write that throws fails alone (see <see cref="RunInTransaction"/>).
/// </remarks>
internal sealed class GroupCommitWriter(SqliteConnection connection, int maxRoundWrites = 1_000)
{
    private readonly Lock _gate = new();
    private List<PendingWrite> _pending = [];
    private List<PendingWrite> _round = [];
    private bool _writing;
    private bool _closed;

    /// <summary>Runs <paramref name="work"/> in the next round's transaction; completes once that transaction is committed.</summary>
    public Task<T> WriteAsync<T>(Func<SqliteConnection, SqliteTransaction, T> work, CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested) return Task.FromCanceled<T>(cancellationToken);
        var write = new PendingWrite<T>(work, cancellationToken);
        bool lead;
        lock (_gate)
        {
            if (_closed) return Task.FromException<T>(new ObjectDisposedException(nameof(SqliteDatabase)));
            _pending.Add(write);
            lead = !_writing;
            _writing = true;
        }
        if (lead) WriteOneRoundThenHandOver();
        return write.Task;
    }

    /// <summary>Waits for the rounds in flight, then refuses further writes; runs <paramref name="onClose"/> with the connection idle.</summary>
    public async Task CloseAsync(Action onClose)
    {
        while (true)
        {
            lock (_gate)
            {
                if (!_writing)
                {
                    if (_closed) return;
                    _closed = true;
                    break;
                }
            }
            await Task.Delay(1).ConfigureAwait(false);
        }
        onClose();
    }

    private void WriteOneRoundThenHandOver()
    {
        if (!WriteRound()) return;
        ThreadPool.UnsafeQueueUserWorkItem(static writer =>
        {
            while (writer.WriteRound()) { }
        }, this, preferLocal: false);
    }

    /// <summary>Runs the writes pending now in one transaction; false (and the writer stops) when none were pending.</summary>
    private bool WriteRound()
    {
        List<PendingWrite> round;
        lock (_gate)
        {
            if (_pending.Count == 0)
            {
                _writing = false;
                return false;
            }
            if (_pending.Count <= maxRoundWrites)
            {
                (round, _pending, _round) = (_pending, _round, _pending);
            }
            else
            {
                round = _round;
                round.AddRange(_pending.GetRange(0, maxRoundWrites));
                _pending.RemoveRange(0, maxRoundWrites);
            }
        }
        try
        {
            Run(round);
        }
        finally
        {
            round.Clear();
        }
        return true;
    }

    private void Run(List<PendingWrite> round)
    {
        try
        {
            RunInTransaction(round);
        }
        catch (Exception e)
        {
            // The transaction itself failed (begin or commit): nothing of the round is stored.
            foreach (var write in round) write.Fail(e);
        }
    }

    /// <summary>
    /// The round in one transaction. A write that throws (a duplicate id, say) is rare: then the whole transaction is
    /// rolled back and each write of the round runs again in a transaction of its own, so that only the faulty one
    /// fails. Savepoints around every write would cost two statements per write on every round instead.
    /// </summary>
    private void RunInTransaction(List<PendingWrite> round)
    {
        if (round.Count == 1)
        {
            RunAlone(round[0]);
            return;
        }
        using (var transaction = connection.BeginTransaction(deferred: false))
        {
            foreach (var write in round)
            {
                if (write.IsCancelled) continue;
                try
                {
                    write.Run(connection, transaction);
                }
                catch (Exception)
                {
                    transaction.Rollback();
                    foreach (var again in round) RunAlone(again);
                    return;
                }
            }
            transaction.Commit();
        }
        foreach (var write in round) write.Complete();
    }

    private void RunAlone(PendingWrite write)
    {
        if (write.IsCancelled) return;
        using (var transaction = connection.BeginTransaction(deferred: false))
        {
            try
            {
                write.Run(connection, transaction);
            }
            catch (Exception e)
            {
                write.Fail(e);
                return; // the transaction rolls back on dispose
            }
            transaction.Commit();
        }
        write.Complete();
    }

    private abstract class PendingWrite
    {
        public abstract bool IsCancelled { get; }
        public abstract void Run(SqliteConnection connection, SqliteTransaction transaction);
        /// <summary>Hands the caller the value of its write, once committed (a write that failed or was skipped is already settled).</summary>
        public abstract void Complete();
        public abstract void Fail(Exception e);
    }

    private sealed class PendingWrite<T>(Func<SqliteConnection, SqliteTransaction, T> work, CancellationToken cancellationToken) : PendingWrite
    {
        private readonly TaskCompletionSource<T> _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private T _value = default!;
        private bool _ran;

        public Task<T> Task => _done.Task;

        public override bool IsCancelled
        {
            get
            {
                if (!cancellationToken.IsCancellationRequested) return false;
                _done.TrySetCanceled(cancellationToken);
                return true;
            }
        }

        public override void Run(SqliteConnection connection, SqliteTransaction transaction)
        {
            _value = work(connection, transaction);
            _ran = true;
        }

        public override void Complete()
        {
            if (_ran) _done.TrySetResult(_value);
        }

        public override void Fail(Exception e)
        {
            _ran = false;
            _done.TrySetException(e);
        }
    }
}
