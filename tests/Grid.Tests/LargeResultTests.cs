using System.Diagnostics;
using Grid.Api.V1;
using Grid.Samples;

namespace Grid.Tests;

[Collection("grid")]
public sealed class LargeResultTests(GridFixture fixture)
{
    private const long Size = 200L << 20;
    // Streaming holds a few chunks and HTTP/2 windows at a time; loading a 200 MB result whole would not fit. The probe
    // reads the heap without collecting, so garbage not yet collected counts too: the whole grid runs in this process,
    // and on a loaded machine its garbage reached 71 MB once (CI) before a collection.
    private const long MaxHeapGrowth = 128L << 20;

    [Fact]
    public async Task A_200_MB_result_uploads_and_downloads_with_constant_memory()
    {
        var ct = Work.Deadline(300);
        var session = await fixture.Client.CreateSessionAsync(ct: ct);
        var resultId = (await session.CreateResultsAsync(["large"], ct))[0];

        using var probe = HeapProbe.Start();
        await session.UploadAsync(resultId, new PatternStream(Size), ct);
        var check = new PatternCheckStream();
        await session.DownloadAsync(resultId, check, ct);
        var growth = probe.PeakGrowth;

        Assert.Equal(Size, check.Length);
        Assert.True(check.Matches, $"byte {check.FirstMismatch} differs from what was uploaded");
        Assert.True(growth < MaxHeapGrowth, $"the managed heap grew by {growth >> 20} MB while moving {Size >> 20} MB");
        var result = await fixture.Client.Results.GetResultAsync(new GetResultRequest { SessionId = session.SessionId, ResultId = resultId }, cancellationToken: ct);
        Assert.Equal(Size, result.Result.Size);
    }

    [Fact]
    public async Task A_200_MB_output_written_by_a_worker_reaches_the_client_intact()
    {
        var ct = Work.Deadline(300);
        var session = await fixture.Client.CreateSessionAsync(ct: ct);
        var payload = (await session.CreateResultsWithDataAsync([("size", Work.Text(Size.ToString()))], ct))[0];
        var output = (await session.CreateResultsAsync(["generated"], ct))[0];

        using var probe = HeapProbe.Start();
        await session.SubmitAsync([Work.Task(payload, [], [output], SampleApplications.Generate)], ct: ct);
        Assert.Equal(ResultStatus.Completed, (await session.WaitAsync([output], ct))[output]);
        var check = new PatternCheckStream();
        await session.DownloadAsync(output, check, ct);

        Assert.Equal(Size, check.Length);
        Assert.True(check.Matches, $"byte {check.FirstMismatch} differs from what the worker wrote");
        Assert.True(probe.PeakGrowth < MaxHeapGrowth, $"the managed heap grew by {probe.PeakGrowth >> 20} MB");
    }

    [Fact]
    public async Task A_worker_that_shares_no_folder_with_its_agent_streams_its_large_output()
    {
        const long size = 20L << 20;
        var ct = Work.Deadline(300);
        var options = new Hosting.EmbeddedGridOptions { Port = 0, Quiet = true };
        options.Settings["Grid:Worker:SharesDataFolder"] = "false";
        await using var grid = await Hosting.EmbeddedGrid.StartAsync(options, ct);
        await using var client = new Client.GridClient(new Client.GridClientOptions { Address = grid.Address });
        var session = await client.CreateSessionAsync(ct: ct);
        var payload = (await session.CreateResultsWithDataAsync([("size", Work.Text(size.ToString()))], ct))[0];
        var output = (await session.CreateResultsAsync(["generated"], ct))[0];

        await session.SubmitAsync([Work.Task(payload, [], [output], SampleApplications.Generate)], ct: ct);
        Assert.Equal(ResultStatus.Completed, (await session.WaitAsync([output], ct))[output]);
        var check = new PatternCheckStream();
        await session.DownloadAsync(output, check, ct);
        Assert.Equal(size, check.Length);
        Assert.True(check.Matches, $"byte {check.FirstMismatch} differs from what the worker wrote");
        var agentFolder = Path.Combine(Path.GetTempPath(), "grid-agent");
        Assert.False(Directory.Exists(agentFolder) && Directory.EnumerateFiles(agentFolder, "*", SearchOption.AllDirectories).Any(f => f.EndsWith(output)),
            "the output went through the shared folder");
    }

    /// <summary>Records the largest managed heap size seen while it runs, against the size at its start.</summary>
    private sealed class HeapProbe : IDisposable
    {
        private readonly long _baseline;
        private readonly Timer _timer;
        private long _peak;

        private HeapProbe()
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            _baseline = GC.GetTotalMemory(forceFullCollection: true);
            _peak = _baseline;
            _timer = new Timer(_ => Sample(), null, 0, 10);
        }

        public static HeapProbe Start() => new();

        public long PeakGrowth
        {
            get { Sample(); return Interlocked.Read(ref _peak) - _baseline; }
        }

        private void Sample()
        {
            var now = GC.GetTotalMemory(forceFullCollection: false);
            long seen;
            while (now > (seen = Interlocked.Read(ref _peak)) && Interlocked.CompareExchange(ref _peak, now, seen) != seen) { }
        }

        public void Dispose() => _timer.Dispose();
    }

    /// <summary>A write-only stream that checks it receives the <see cref="PatternStream"/> sequence.</summary>
    private sealed class PatternCheckStream : Stream
    {
        private long _length;

        public bool Matches => FirstMismatch < 0;
        public long FirstMismatch { get; private set; } = -1;

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            for (var i = 0; i < buffer.Length && Matches; i++)
                if (buffer[i] != PatternStream.ByteAt(_length + i)) FirstMismatch = _length + i;
            _length += buffer.Length;
        }

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));
        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Write(buffer.Span);
            return ValueTask.CompletedTask;
        }
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => _length;
        public override long Position { get => _length; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
