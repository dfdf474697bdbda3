using System.Globalization;
using Grid.Core.Storage.FileSystem;
using Grid.Core.Storage.InMemory;

namespace Grid.Core.Storage.Journal;

/// <summary>
/// The durable embedded tables: rows live in memory (the in-memory tables), and every call that changes them is
/// written to a journal file before it answers. Opening the folder replays the last snapshot and the journal after
/// it, so the tables come back as the last answered change left them.
/// </summary>
/// <remarks>
/// <para>A change is applied in memory and its entry added to the journal under one lock, so the journal's order is
/// the order of the changes; the entry is written with the entries of concurrent callers in one write
/// (<see cref="JournalWriter"/>), and the call answers once that write is done. A read answers only after every change
/// applied before it is written, so no caller sees data that a crash could take back.</para>
/// <para>When the journal outgrows the last snapshot, a new journal file starts and the rows as they are at that moment
/// are written to a snapshot beside it, on the thread pool; once the snapshot is complete the older files are deleted.</para>
/// <para>Files in the folder: <c>lock</c> (held while open: one process per folder), <c>N.snapshot</c> (rows before
/// journal N) and <c>N.journal</c>.</para>
/// </remarks>
internal sealed class JournalStore : IAsyncDisposable
{
    private const long MinCompactionBytes = 64L * 1024 * 1024;
    private const int SnapshotChunk = 1_000;

    private readonly Lock _gate = new();
    private readonly string _folder;
    private readonly StorageDurability _durability;
    private readonly FileStream _lockFile;
    private readonly FolderFlush _folderFlush = new();
    private readonly JournalWriter _writer;
    private long _segment;
    private long _compactAfterBytes = MinCompactionBytes;
    private int _compacting;
    private Task _compaction = Task.CompletedTask;
    private int _disposed;

    internal readonly InMemorySessionTable RawSessions = new();
    internal readonly InMemoryTaskTable RawTasks = new();
    internal readonly InMemoryResultTable RawResults = new();
    internal readonly InMemoryEventLog RawEvents = new();
    internal readonly InMemorySmallObjects RawObjects = new();
    /// <summary>The in-memory tables as every backend composes them: what journal entries are replayed on.</summary>
    internal readonly GridTables Inner;

    private JournalStore(string folder, StorageDurability durability, FileStream lockFile)
    {
        _folder = folder;
        _durability = durability;
        _lockFile = lockFile;
        Inner = GridTables.RecordingEventsAfterChanges(RawSessions, RawTasks, RawResults, RawEvents);
        _segment = Recover();
        _writer = new JournalWriter(CreateSegment(_segment), durability);
    }

    internal JournalWriter Writer => _writer;

    /// <summary>Exposed for tests: the number of the journal file being written.</summary>
    internal long Segment => Interlocked.Read(ref _segment);

    /// <summary>Exposed for tests: compacts once the journal holds this many bytes (64 MiB or the last snapshot's size by default).</summary>
    internal long CompactAfterBytes
    {
        get => Interlocked.Read(ref _compactAfterBytes);
        set => Interlocked.Exchange(ref _compactAfterBytes, value);
    }

    /// <summary>Exposed for tests: the compaction running or last run.</summary>
    internal Task Compaction => Volatile.Read(ref _compaction);

    internal static JournalStore OpenStore(string folder, StorageDurability durability)
    {
        if (string.IsNullOrWhiteSpace(folder)) throw new ArgumentException("the journal folder is not set", nameof(folder));
        folder = Path.GetFullPath(folder);
        Directory.CreateDirectory(folder);
        FileStream lockFile;
        try
        {
            lockFile = new FileStream(Path.Combine(folder, "lock"), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException e)
        {
            throw new IOException($"{folder} is in use by another grid (its lock file is held): one grid per data folder", e);
        }
        try
        {
            return new JournalStore(folder, durability, lockFile);
        }
        catch
        {
            lockFile.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Applies a change in memory and journals it; completes with its value once the journal holds it. Once applied, a
    /// change is not cancelled (<paramref name="apply"/> gets no token): replaying it must do the same.
    /// </summary>
    internal Task<T> ChangeAsync<T>(JournalEntry entry, Func<Task<T>> apply)
    {
        var bytes = JournalFrames.Encode(entry);
        Task<T> applied;
        Task stored;
        bool lead;
        lock (_gate)
        {
            try
            {
                applied = apply();
            }
            catch (Exception e)
            {
                applied = Task.FromException<T>(e);
            }
            // Journaled even when it failed: a call can fail half-way, and replaying it fails at the same point.
            stored = _writer.Append(bytes, out lead);
        }
        if (lead) _writer.WriteRounds();
        if (!applied.IsCompleted) throw new InvalidOperationException("an in-memory table answered asynchronously; the journal needs every change applied at once");
        if (_writer.Length >= CompactAfterBytes) StartCompaction();
        if (!applied.IsCompletedSuccessfully) return applied;
        return stored.IsCompletedSuccessfully ? applied : AfterStored(stored, applied.Result);
    }

    internal Task ChangeAsync(JournalEntry entry, Func<Task> apply) =>
        ChangeAsync(entry, async () =>
        {
            await apply().ConfigureAwait(false);
            return true;
        });

    /// <summary>A read's answer, once every change applied before it was read is in the journal.</summary>
    internal Task<T> ReadAsync<T>(Task<T> read)
    {
        var stored = _writer.WhenStored();
        return stored.IsCompletedSuccessfully ? read : AfterStored(stored, read);
    }

    internal ValueTask<T> ReadAsync<T>(ValueTask<T> read)
    {
        var stored = _writer.WhenStored();
        return stored.IsCompletedSuccessfully ? read : new(AfterStored(stored, read.AsTask()));
    }

    private static async Task<T> AfterStored<T>(Task stored, T value)
    {
        await stored.ConfigureAwait(false);
        return value;
    }

    private static async Task<T> AfterStored<T>(Task stored, Task<T> read)
    {
        var value = await read.ConfigureAwait(false);
        await stored.ConfigureAwait(false);
        return value;
    }

    private void StartCompaction()
    {
        if (Interlocked.CompareExchange(ref _compacting, 1, 0) != 0) return;
        Volatile.Write(ref _compaction, Task.Run(CompactAsync));
    }

    private async Task CompactAsync()
    {
        try
        {
            var next = Interlocked.Read(ref _segment) + 1;
            var file = CreateSegment(next);
            Snapshot snapshot;
            lock (_gate)
            {
                _writer.SwitchTo(file);
                Interlocked.Exchange(ref _segment, next);
                snapshot = new Snapshot(RawSessions.Snapshot(), RawTasks.Snapshot(), RawResults.Snapshot(), RawEvents.Snapshot(), RawObjects.Snapshot());
            }
            var size = await WriteSnapshotAsync(next, snapshot).ConfigureAwait(false);
            foreach (var (number, path) in Files(".journal").Concat(Files(".snapshot")))
                if (number < next) File.Delete(path);
            CompactAfterBytes = Math.Max(MinCompactionBytes, size);
        }
        catch (Exception)
        {
            // The journal files are complete without the snapshot (closed meanwhile, or the disk refused it): try
            // again once the journal has grown as much again.
            CompactAfterBytes *= 2;
        }
        finally
        {
            Volatile.Write(ref _compacting, 0);
        }
    }

    private async Task<long> WriteSnapshotAsync(long number, Snapshot snapshot)
    {
        var path = SegmentPath(number, ".snapshot");
        var partial = path + ".partial";
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(1 << 20);
        long size;
        await using (var file = new FileStream(partial, FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 0))
        {
            void Add(JournalEntry entry)
            {
                JournalFrames.Append(buffer, JournalFrames.Encode(entry));
                if (buffer.WrittenCount < 1 << 20) return;
                file.Write(buffer.WrittenSpan);
                buffer.ResetWrittenCount();
            }
            foreach (var chunk in snapshot.Sessions.Chunk(SnapshotChunk)) Add(new JournalEntry { Command = JournalCommand.RestoreSessions, Sessions = chunk });
            foreach (var chunk in snapshot.Results.Chunk(SnapshotChunk)) Add(new JournalEntry { Command = JournalCommand.RestoreResults, Results = chunk });
            foreach (var chunk in snapshot.Tasks.Chunk(SnapshotChunk)) Add(new JournalEntry { Command = JournalCommand.RestoreTasks, Tasks = chunk });
            foreach (var (sessionId, events) in snapshot.Events)
                foreach (var chunk in events.Chunk(SnapshotChunk)) Add(new JournalEntry { Command = JournalCommand.RestoreEvents, Id = sessionId, Events = chunk });
            foreach (var (key, data) in snapshot.Objects) Add(new JournalEntry { Command = JournalCommand.RestoreObject, Id = key, Data = data });
            file.Write(buffer.WrittenSpan);
            if (_durability == StorageDurability.PowerLoss) file.Flush(flushToDisk: true);
            size = file.Length;
        }
        File.Move(partial, path, overwrite: true);
        if (_durability == StorageDurability.PowerLoss) await _folderFlush.FlushAsync(_folder, CancellationToken.None).ConfigureAwait(false);
        return size;
    }

    /// <summary>Rebuilds the tables from the newest snapshot and the journals after it; returns the number of the journal to write next.</summary>
    private long Recover()
    {
        foreach (var partial in Directory.EnumerateFiles(_folder, "*.partial")) File.Delete(partial);
        var snapshots = Files(".snapshot");
        var journals = Files(".journal");
        var start = snapshots.Count > 0 ? snapshots.Max(s => s.Number) : 0;
        if (start > 0)
        {
            var (entries, _) = JournalFrames.Read(SegmentPath(start, ".snapshot"));
            foreach (var entry in entries) JournalReplay.Apply(this, entry);
        }
        var last = start;
        foreach (var (number, path) in journals.OrderBy(j => j.Number))
        {
            if (number < start)
            {
                File.Delete(path);
                continue;
            }
            var (entries, validLength) = JournalFrames.Read(path);
            foreach (var entry in entries) JournalReplay.Apply(this, entry);
            // The tail of a write cut short by the crash: never answered, so dropped.
            if (validLength < new FileInfo(path).Length)
                using (var file = new FileStream(path, FileMode.Open, FileAccess.Write)) file.SetLength(validLength);
            last = Math.Max(last, number);
        }
        return last + 1;
    }

    private FileStream CreateSegment(long number)
    {
        var file = new FileStream(SegmentPath(number, ".journal"), FileMode.CreateNew, FileAccess.Write, FileShare.Read, bufferSize: 0);
        if (_durability == StorageDurability.PowerLoss) _folderFlush.FlushAsync(_folder, CancellationToken.None).GetAwaiter().GetResult();
        return file;
    }

    private string SegmentPath(long number, string extension) =>
        Path.Combine(_folder, number.ToString("D8", CultureInfo.InvariantCulture) + extension);

    private List<(long Number, string Path)> Files(string extension) =>
        Directory.EnumerateFiles(_folder, "*" + extension)
            .Select(path => (Number: long.TryParse(Path.GetFileNameWithoutExtension(path), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : -1, Path: path))
            .Where(f => f.Number > 0)
            .ToList();

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1) return;
        try
        {
            await _writer.WhenStored().ConfigureAwait(false);
        }
        catch (IOException)
        {
            // Already reported to the callers of the failed write.
        }
        await Compaction.ConfigureAwait(false);
        _writer.Dispose();
        _lockFile.Dispose();
    }

    private sealed record Snapshot(
        List<Model.SessionRecord> Sessions,
        List<NewTask> Tasks,
        List<Model.ResultRecord> Results,
        List<(string SessionId, List<Model.GridEvent> Events)> Events,
        List<KeyValuePair<string, byte[]>> Objects);
}
