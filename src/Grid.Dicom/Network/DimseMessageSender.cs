namespace Grid.Dicom.Network;

/// <summary>
/// Splits a DIMSE message into P-DATA-TF PDUs no larger than the peer's maximum length. That length bounds the PDU's
/// variable field, the PDV items (PS3.8 9.3.5, D.1): each item spends 6 bytes on its header (4-byte item length,
/// presentation context ID, message control header), so a maximum of L carries L - 6 bytes of a message per PDU.
/// </summary>
internal static class DimseMessageSender
{
    /// <summary>Used when the peer announces 0 (no limit).</summary>
    private const uint DefaultFragmentPduLength = 64 * 1024;

    /// <summary>Bytes of a PDV item that are not the message fragment.</summary>
    public const uint PdvItemHeaderLength = 6;

    /// <summary>
    /// The smallest maximum length a peer may announce: one byte of a message per PDU. Below it (1 to 6) no PDV fits
    /// and nothing could ever be sent, so such a peer is refused with A-ABORT (0 means no limit).
    /// </summary>
    public const uint SmallestUsableMaxPduLength = PdvItemHeaderLength + 1;

    public static bool IsUsable(uint peerMaxPduLength) => peerMaxPduLength is 0 or >= SmallestUsableMaxPduLength;

    public static async Task SendAsync(PduChannel channel, uint peerMaxPduLength, byte presentationContextId,
        DimseCommand command, Stream? dataSet, CancellationToken cancellationToken)
    {
        if (!IsUsable(peerMaxPduLength))
            throw new PduProtocolException(AbortReason.InvalidPduParameterValue,
                $"The peer's maximum PDU length {peerMaxPduLength} cannot hold a PDV item of even one byte (at least {SmallestUsableMaxPduLength}).");
        var pduLength = peerMaxPduLength == 0 ? DefaultFragmentPduLength : Math.Min(peerMaxPduLength, 4u << 20);
        var fragment = (int)(pduLength - PdvItemHeaderLength);

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
