using Grid.Core.Storage.FileSystem;

namespace Grid.Storage.Tests;

public sealed class FolderFlushTests : IDisposable
{
    private readonly string _folder = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), $"grid-folder-flush-{Guid.NewGuid():N}")).FullName;

    [Fact]
    public async Task Callers_that_ask_while_a_flush_runs_share_the_next_one()
    {
        if (!OperatingSystem.IsLinux())
        {
            Console.WriteLine("SKIPPED: folders are flushed on Linux only");
            return;
        }
        var flushes = 0;
        using var firstStarted = new ManualResetEventSlim();
        using var releaseFirst = new ManualResetEventSlim();
        var flush = new FolderFlush
        {
            Flushed = _ =>
            {
                if (Interlocked.Increment(ref flushes) != 1) return;
                firstStarted.Set();
                releaseFirst.Wait(TimeSpan.FromSeconds(30));
            },
        };

        var first = Task.Run(() => flush.FlushAsync(_folder, CancellationToken.None));
        Assert.True(firstStarted.Wait(TimeSpan.FromSeconds(30)), "the first flush did not start");
        // Asked while the first flush runs: each call takes its ticket before it waits.
        var waiting = Enumerable.Range(0, 63).Select(_ => flush.FlushAsync(_folder, CancellationToken.None)).ToList();
        releaseFirst.Set();
        await first;
        await Task.WhenAll(waiting);

        Assert.Equal(2, flushes);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
