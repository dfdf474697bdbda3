namespace Grid.Dicom.Network;

/// <summary>Splits a DIMSE message into P-DATA-TF PDUs no larger than the peer's maximum length.</summary>
internal static class DimseMessageSender
{
    /// <summary>Used when the peer announces 0 (no limit).</summary>
    private const uint DefaultFragmentPduLength = 64 * 1024;

    public static async Task SendAsync(PduChannel channel, uint peerMaxPduLength, byte presentationContextId,
        DimseCommand command, Stream? dataSet, CancellationToken cancellationToken)
    {
        var pduLength = peerMaxPduLength == 0 ? DefaultFragmentPduLength : Math.Min(peerMaxPduLength, 4u << 20);
        // PDV item header (4-byte length, context ID, control byte) takes 6 bytes of the P-DATA-TF body.
        var fragment = (int)Math.Max(pduLength - 6, 1);

        var commandBytes = command.Encode();
        for (var offset = 0; offset < commandBytes.Length; offset += fragment)
        {
            var count = Math.Min(fragment, commandBytes.Length - offset);
            var last = offset + count >= commandBytes.Length;
            await channel.WriteAsync(PduCodec.EncodePData(presentationContextId, true, last,
                commandBytes.AsSpan(offset, count)), cancellationToken);
        }
        if (dataSet is null) return;

        // Read one fragment ahead so the last one can carry the last-fragment flag on any stream.
        var current = new byte[fragment];
        var next = new byte[fragment];
        var currentCount = await FillAsync(dataSet, current, cancellationToken);
        while (true)
        {
            var nextCount = currentCount == fragment ? await FillAsync(dataSet, next, cancellationToken) : 0;
            var last = nextCount == 0;
            await channel.WriteAsync(PduCodec.EncodePData(presentationContextId, false, last,
                current.AsSpan(0, currentCount)), cancellationToken);
            if (last) return;
            (current, next) = (next, current);
            currentCount = nextCount;
        }
    }

    private static async Task<int> FillAsync(Stream stream, byte[] buffer, CancellationToken cancellationToken)
    {
        var total = 0;
        while (total < buffer.Length)
        {
            var read = await stream.ReadAsync(buffer.AsMemory(total), cancellationToken);
            if (read == 0) break;
            total += read;
        }
        return total;
    }
}
