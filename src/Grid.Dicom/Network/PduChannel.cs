using System.Buffers.Binary;

namespace Grid.Dicom.Network;

/// <summary>
/// Reads and writes whole PDUs on a transport stream, with per-read deadlines and length limits. Given the
/// transport's socket, it asks for immediate acknowledgements before each PDU (<see cref="TcpQuickAck"/>).
/// </summary>
public sealed class PduChannel(Stream transport, System.Net.Sockets.Socket? socket = null) : IAsyncDisposable
{
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly byte[] _header = new byte[6];
    private byte[] _receiveBuffer = [];

    /// <summary>Largest P-DATA-TF body accepted (the maximum length we announced; 0 means no limit).</summary>
    public uint MaxPDataLength { get; set; }

    /// <summary>Upper bound for other PDUs, which carry only association parameters.</summary>
    public int MaxControlPduLength { get; set; } = 1 << 20;

    /// <summary>The next PDU, or null if the peer closed the connection cleanly between PDUs.</summary>
    /// <exception cref="DicomNetworkTimeoutException">Nothing complete arrived within <paramref name="timeout"/>.</exception>
    /// <exception cref="PduProtocolException">Unknown type, impossible length, or the connection ended inside a PDU.</exception>
    public async Task<Pdu?> ReadAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            TcpQuickAck.Request(socket);
            var got = await ReadFullyAsync(_header, deadline.Token);
            if (got == 0) return null;
            if (got < _header.Length) throw new PduProtocolException(AbortReason.InvalidPduParameterValue, "Connection closed inside a PDU header.");

            var typeByte = _header[0];
            if (typeByte is < (byte)PduType.AssociateRequest or > (byte)PduType.Abort)
                throw new PduProtocolException(AbortReason.UnrecognizedPdu, $"Unknown PDU type 0x{typeByte:X2}.");
            var type = (PduType)typeByte;
            var length = BinaryPrimitives.ReadUInt32BigEndian(_header.AsSpan(2));
            var limit = type == PduType.PData
                ? (MaxPDataLength == 0 ? int.MaxValue : MaxPDataLength)
                : (uint)MaxControlPduLength;
            if (length > limit)
                throw new PduProtocolException(AbortReason.InvalidPduParameterValue, $"{type} PDU length {length} exceeds the limit {limit}.");

            // P-DATA bodies, nearly all the bytes of an association, reuse one buffer: a fresh large array per PDU
            // costs a zeroing and, on the large object heap, page faults on every use.
            var body = type == PduType.PData ? ReceiveBuffer((int)length) : new byte[length];
            if (await ReadFullyAsync(body.AsMemory(0, (int)length), deadline.Token) < length)
                throw new PduProtocolException(AbortReason.InvalidPduParameterValue, $"Connection closed inside a {type} PDU of {length} bytes.");
            return new Pdu(type, body.AsMemory(0, (int)length));
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new DicomNetworkTimeoutException($"No complete PDU within {timeout.TotalSeconds:0.###} s.");
        }
    }

    private byte[] ReceiveBuffer(int length)
    {
        if (_receiveBuffer.Length < length) _receiveBuffer = new byte[length];
        return _receiveBuffer;
    }

    private async Task<int> ReadFullyAsync(Memory<byte> buffer, CancellationToken cancellationToken)
    {
        var total = 0;
        while (total < buffer.Length)
        {
            var read = await transport.ReadAsync(buffer[total..], cancellationToken);
            if (read == 0) break;
            total += read;
        }
        return total;
    }

    public async Task WriteAsync(byte[] pdu, CancellationToken cancellationToken)
    {
        await _writeLock.WaitAsync(cancellationToken);
        try
        {
            await transport.WriteAsync(pdu, cancellationToken);
            await transport.FlushAsync(cancellationToken);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <summary>Sends A-ABORT, ignoring a transport that is already gone.</summary>
    public async Task TryAbortAsync(AbortSource source, AbortReason reason)
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            await WriteAsync(PduCodec.Encode(new AbortPdu(source, reason)), timeout.Token);
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException or System.Net.Sockets.SocketException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        await transport.DisposeAsync();
        _writeLock.Dispose();
    }
}
