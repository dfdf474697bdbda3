namespace Grid.Workflows.Dicom.Tests;

/// <summary>
/// Reads through to <paramref name="inner"/> up to <paramref name="gateAt"/> bytes, then waits for <see cref="Open"/>:
/// a sender whose instance stops half way for as long as the test wants.
/// </summary>
internal sealed class GatedStream(Stream inner, long gateAt) : Stream
{
    private readonly TaskCompletionSource _open = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _reached = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _position;

    /// <summary>Completes once a read reached the gate.</summary>
    public Task Reached => _reached.Task;

    public void Open() => _open.TrySetResult();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_position >= gateAt && !_open.Task.IsCompleted)
        {
            _reached.TrySetResult();
            await _open.Task.WaitAsync(cancellationToken);
        }
        var allowed = _open.Task.IsCompleted ? buffer.Length : (int)Math.Min(buffer.Length, gateAt - _position);
        var read = await inner.ReadAsync(buffer[..allowed], cancellationToken);
        _position += read;
        return read;
    }

    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => _position; set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing) inner.Dispose();
        base.Dispose(disposing);
    }
}
