using System.Buffers;

namespace Grid.Core.Storage.Journal;

/// <summary>
/// Appends entries to the current journal file with group commit: the entries added while a write runs gather in
/// one round, and the next write stores them all with one system call (and, with
/// <see cref="StorageDurability.PowerLoss"/>, one flush to disk). Each entry's task completes once its round is written.
/// </summary>
/// <remarks>
/// Entries are added under the store's lock, so that their order is the order of the changes, and written outside
/// it. The first caller to find no write running writes on its own thread, so a lone change pays no thread hop; the
/// rounds that follow, if entries arrived meanwhile, run on the thread pool. A write that fails fails its round and
/// every later one: the tables in memory are then ahead of the file, so the store refuses further changes until the
/// process restarts and reads the file again.
/// </remarks>
internal sealed class JournalWriter : IDisposable
{
    private readonly Lock _gate = new();
    private readonly StorageDurability _durability;
    private readonly Queue<Round> _sealed = new();
    private Round _open;
    /// <summary>The round being written, for <see cref="WhenStored"/>.</summary>
    private Round? _inFlight;
    /// <summary>A caller or the thread pool is writing rounds: later callers only add to the open one.</summary>
    private bool _active;
    private ArrayBufferWriter<byte>? _spareBuffer;
    private Exception? _failure;

    public JournalWriter(FileStream file, StorageDurability durability)
    {
        _durability = durability;
        _open = new Round(file, new ArrayBufferWriter<byte>(64 * 1024));
    }

    /// <summary>Bytes added to the current file so far (written or about to be).</summary>
    public long Length { get; private set; }

    /// <summary>Test seam: bytes added since this writer was made, and of those, written and flushed to disk (<see cref="StorageDurability.PowerLoss"/> only), and the writes made.</summary>
    internal long Appended => Interlocked.Read(ref _appended);
    internal long FlushedToDisk => Interlocked.Read(ref _flushedToDisk);
    internal long Writes => Interlocked.Read(ref _writes);
    private long _appended, _flushedToDisk, _writes;

    /// <summary>Adds <paramref name="entry"/>; the task completes when it is stored. When <paramref name="lead"/> comes back true, the caller must call <see cref="WriteRounds"/>.</summary>
    public Task Append(ReadOnlySpan<byte> entry, out bool lead)
    {
        lock (_gate)
        {
            if (_failure is not null) throw Failed(_failure);
            JournalFrames.Append(_open.Buffer, entry);
            Length += entry.Length + 8;
            _appended += entry.Length + 8;
            lead = !_active;
            _active = true;
            return _open.Done.Task;
        }
    }

    /// <summary>Writes the rounds waiting, first on the caller's thread, then (if more came) on the thread pool.</summary>
    public void WriteRounds()
    {
        if (!WriteRound()) return;
        ThreadPool.UnsafeQueueUserWorkItem(static writer =>
        {
            while (writer.WriteRound()) { }
        }, this, preferLocal: false);
    }

    /// <summary>Completes when every entry added so far is stored.</summary>
    public Task WhenStored()
    {
        lock (_gate)
        {
            if (_failure is not null) return Task.FromException(Failed(_failure));
            if (_open.Buffer.WrittenCount > 0) return _open.Done.Task;
            if (_sealed.Count > 0) return _sealed.Last().Done.Task;
            return _inFlight?.Done.Task ?? Task.CompletedTask;
        }
    }

    /// <summary>Entries added from now on go to <paramref name="next"/>; those added before are still written to the current file, which is then closed.</summary>
    public void SwitchTo(FileStream next)
    {
        lock (_gate)
        {
            var current = _open;
            _open = new Round(next, TakeBuffer());
            Length = 0;
            if (current.Buffer.WrittenCount > 0) _sealed.Enqueue(current);
            // Nothing left to write to the current file: close it now, or after the write in flight (see WriteRound).
            else if (_inFlight?.File != current.File) current.File.Dispose();
        }
    }

    private bool WriteRound()
    {
        Round round;
        lock (_gate)
        {
            if (_sealed.Count > 0) round = _sealed.Dequeue();
            else if (_open.Buffer.WrittenCount > 0 && _failure is null)
            {
                round = _open;
                _open = new Round(round.File, TakeBuffer());
            }
            else
            {
                _active = false;
                _inFlight = null;
                return false;
            }
            _inFlight = round;
        }
        try
        {
            round.File.Write(round.Buffer.WrittenSpan);
            Interlocked.Increment(ref _writes);
            if (_durability == StorageDurability.PowerLoss)
            {
                round.File.Flush(flushToDisk: true);
                Interlocked.Add(ref _flushedToDisk, round.Buffer.WrittenCount);
            }
        }
        catch (Exception e)
        {
            List<Round> failed;
            lock (_gate)
            {
                _failure = e;
                _active = false;
                _inFlight = null;
                failed = [round, .. _sealed, _open];
                _sealed.Clear();
            }
            foreach (var r in failed) r.Done.TrySetException(Failed(e));
            return false;
        }
        lock (_gate)
        {
            // The last round of a file that SwitchTo left behind closes it.
            if (round.File != _open.File && !_sealed.Any(r => r.File == round.File)) round.File.Dispose();
            round.Buffer.ResetWrittenCount();
            _spareBuffer = round.Buffer;
        }
        round.Done.TrySetResult();
        return true;
    }

    private ArrayBufferWriter<byte> TakeBuffer()
    {
        var buffer = _spareBuffer ?? new ArrayBufferWriter<byte>(64 * 1024);
        _spareBuffer = null;
        return buffer;
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _failure ??= new ObjectDisposedException(nameof(JournalWriter));
            _open.File.Dispose();
            foreach (var round in _sealed) round.File.Dispose();
        }
    }

    /// <summary>An <see cref="IOException"/>: the API answers it as storage unavailable.</summary>
    private static Exception Failed(Exception e) => e is ObjectDisposedException
        ? new ObjectDisposedException("the grid's journal is closed")
        : new IOException($"the grid's journal could not be written ({e.Message}); restart the grid to read it again", e);

    /// <summary>Entries written together to one file, and the task their callers wait on.</summary>
    private sealed class Round(FileStream file, ArrayBufferWriter<byte> buffer)
    {
        public FileStream File { get; } = file;
        public ArrayBufferWriter<byte> Buffer { get; } = buffer;
        public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
