using System.Runtime.InteropServices;

namespace Grid.Core.Storage.FileSystem;

/// <summary>
/// Flushes folders to disk, so that a file renamed into one is still there after a power cut. Concurrent callers
/// share the flushes: while one round runs, the folders asked for meanwhile gather and are flushed once each in
/// the next round. On systems other than Linux and macOS a folder cannot be opened to be flushed, and the file's
/// own flush is all there is.
/// </summary>
internal sealed class DiskFlush
{
    private readonly Lock _gate = new();
    private Dictionary<string, TaskCompletionSource> _pending = new(StringComparer.Ordinal);
    private bool _flushing;

    /// <summary>Test seam: called with each folder just after it was flushed.</summary>
    public static Action<string>? FolderFlushed { get; set; }

    /// <summary>Completes once <paramref name="folder"/> was flushed after this call was made.</summary>
    public Task FlushFolderAsync(string folder)
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS()) return Task.CompletedTask;
        TaskCompletionSource done;
        bool lead;
        lock (_gate)
        {
            if (!_pending.TryGetValue(folder, out done!))
                _pending[folder] = done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            lead = !_flushing;
            _flushing = true;
        }
        if (lead) _ = Task.Run(FlushRounds);
        return done.Task;
    }

    private void FlushRounds()
    {
        while (true)
        {
            Dictionary<string, TaskCompletionSource> round;
            lock (_gate)
            {
                if (_pending.Count == 0)
                {
                    _flushing = false;
                    return;
                }
                (round, _pending) = (_pending, new Dictionary<string, TaskCompletionSource>(StringComparer.Ordinal));
            }
            foreach (var (folder, done) in round)
            {
                try
                {
                    FlushFolder(folder);
                    FolderFlushed?.Invoke(folder);
                    done.TrySetResult();
                }
                catch (Exception e)
                {
                    done.TrySetException(e);
                }
            }
        }
    }

    private static void FlushFolder(string folder)
    {
        var fd = Open(folder, 0 /* O_RDONLY */);
        if (fd < 0) throw new IOException($"cannot open folder '{folder}' to flush it (errno {Marshal.GetLastPInvokeError()})");
        try
        {
            if (Fsync(fd) != 0) throw new IOException($"cannot flush folder '{folder}' (errno {Marshal.GetLastPInvokeError()})");
        }
        finally
        {
            _ = Close(fd);
        }
    }

    [DllImport("libc", EntryPoint = "open", SetLastError = true, CharSet = CharSet.Ansi)]
    private static extern int Open(string path, int flags);

    [DllImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static extern int Fsync(int fd);

    [DllImport("libc", EntryPoint = "close", SetLastError = true)]
    private static extern int Close(int fd);
}
