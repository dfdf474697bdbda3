using System.Collections.Concurrent;
using System.Runtime.InteropServices;

namespace Grid.Core.Storage.FileSystem;

/// <summary>
/// Makes renames into a folder durable by flushing the folder itself (a rename is a change of the folder, which a
/// flush of the file does not cover). Callers that arrive while a flush is under way share the next one, so
/// concurrent writers into one folder (DICOM associations storing into one group, objects into one shard) pay for about
/// one folder flush between them. Linux only; on
/// other systems it does nothing.
/// </summary>
public sealed partial class FolderFlush
{
    private readonly ConcurrentDictionary<string, Folder> _folders = new(StringComparer.Ordinal);

    /// <summary>Test seam: called with each folder just after it was flushed.</summary>
    public Action<string>? Flushed { get; init; }

    public async Task FlushAsync(string directory, CancellationToken cancellationToken)
    {
        if (!OperatingSystem.IsLinux()) return;
        var folder = _folders.GetOrAdd(directory, _ => new Folder());
        var ticket = Interlocked.Increment(ref folder.Requested);
        await folder.Lock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (Volatile.Read(ref folder.Flushed) >= ticket) return;
            var covers = Volatile.Read(ref folder.Requested);
            Fsync(directory);
            Volatile.Write(ref folder.Flushed, covers);
            Flushed?.Invoke(directory);
        }
        finally
        {
            folder.Lock.Release();
        }
    }

    /// <summary>Drops what is kept for a folder that is gone.</summary>
    public void Forget(string directory) => _folders.TryRemove(directory, out _);

    private static void Fsync(string directory)
    {
        var fd = Open(directory, 0 /* O_RDONLY */);
        if (fd < 0) throw new IOException($"Could not open folder {directory} to flush it (errno {Marshal.GetLastPInvokeError()}).");
        try
        {
            if (FsyncNative(fd) != 0) throw new IOException($"Could not flush folder {directory} (errno {Marshal.GetLastPInvokeError()}).");
        }
        finally
        {
            Close(fd);
        }
    }

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static partial int FsyncNative(int fd);

    [LibraryImport("libc", EntryPoint = "close")]
    private static partial int Close(int fd);

    private sealed class Folder
    {
        public readonly SemaphoreSlim Lock = new(1, 1);
        public long Requested;
        public long Flushed;
    }
}
