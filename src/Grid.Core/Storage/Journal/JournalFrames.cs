using System.Buffers;
using System.Buffers.Binary;
using System.IO.Hashing;
using System.Text.Json;

namespace Grid.Core.Storage.Journal;

/// <summary>
/// How entries sit in a journal or snapshot file: each one framed as its length (4 bytes), the CRC-32 of its bytes
/// (4 bytes) and its JSON. Reading stops at the first frame that is cut short or whose checksum does not match: the
/// tail of a write the process did not finish.
/// </summary>
internal static class JournalFrames
{
    private const int HeaderSize = 8;

    public static byte[] Encode(JournalEntry entry) => JsonSerializer.SerializeToUtf8Bytes(entry, JournalJson.Default.JournalEntry);

    public static void Append(IBufferWriter<byte> buffer, ReadOnlySpan<byte> entry)
    {
        var header = buffer.GetSpan(HeaderSize);
        BinaryPrimitives.WriteInt32LittleEndian(header, entry.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(header[4..], Crc32.HashToUInt32(entry));
        buffer.Advance(HeaderSize);
        buffer.Write(entry);
    }

    /// <summary>The entries of <paramref name="path"/> in order, and the length of its readable part (where a cut tail starts).</summary>
    public static (List<JournalEntry> Entries, long ValidLength) Read(string path)
    {
        var bytes = File.ReadAllBytes(path);
        var entries = new List<JournalEntry>();
        var offset = 0;
        while (bytes.Length - offset >= HeaderSize)
        {
            var length = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(offset));
            var checksum = BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(offset + 4));
            if (length < 0 || length > bytes.Length - offset - HeaderSize) break;
            var body = bytes.AsSpan(offset + HeaderSize, length);
            if (Crc32.HashToUInt32(body) != checksum) break;
            var entry = JsonSerializer.Deserialize(body, JournalJson.Default.JournalEntry)
                ?? throw new InvalidDataException($"{path}: an empty entry at byte {offset}");
            entries.Add(entry);
            offset += HeaderSize + length;
        }
        return (entries, offset);
    }
}
