using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Grid.Workflows.Dicom.Tests;

/// <summary>
/// Writes CT instances with large pixel data straight to disk (explicit VR little endian, no sequences, even value
/// lengths, so that storescu sends each data set byte for byte as written), and hashes the data set of a Part 10 file
/// (what follows its file meta information), the part a receiver keeps unchanged.
/// </summary>
internal static class LargeStudyFiles
{
    private const string CtImageStorage = "1.2.840.10008.5.1.4.1.1.2";
    private const string ExplicitVrLittleEndian = "1.2.840.10008.1.2.1";

    public static void Write(string path, string studyUid, string seriesUid, string sopInstanceUid, int instanceNumber, int rows, int columns)
    {
        using var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 20);
        var meta = new MemoryStream();
        Element(meta, 0x0002, 0x0001, "OB", [0, 1]);
        Element(meta, 0x0002, 0x0002, "UI", Text(CtImageStorage, '\0'));
        Element(meta, 0x0002, 0x0003, "UI", Text(sopInstanceUid, '\0'));
        Element(meta, 0x0002, 0x0010, "UI", Text(ExplicitVrLittleEndian, '\0'));
        file.Write(new byte[128]);
        file.Write("DICM"u8);
        var groupLength = new byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(groupLength, (uint)meta.Length);
        Element(file, 0x0002, 0x0000, "UL", groupLength);
        meta.Position = 0;
        meta.CopyTo(file);

        Element(file, 0x0008, 0x0016, "UI", Text(CtImageStorage, '\0'));
        Element(file, 0x0008, 0x0018, "UI", Text(sopInstanceUid, '\0'));
        Element(file, 0x0008, 0x0060, "CS", Text("CT", ' '));
        Element(file, 0x0010, 0x0010, "PN", Text("Large^Study", ' '));
        Element(file, 0x0010, 0x0020, "LO", Text("PID-LARGE", ' '));
        Element(file, 0x0020, 0x000D, "UI", Text(studyUid, '\0'));
        Element(file, 0x0020, 0x000E, "UI", Text(seriesUid, '\0'));
        Element(file, 0x0020, 0x0011, "IS", Text("1", ' '));
        Element(file, 0x0020, 0x0013, "IS", Text(instanceNumber.ToString(), ' '));
        Element(file, 0x0028, 0x0002, "US", UShort(1));
        Element(file, 0x0028, 0x0004, "CS", Text("MONOCHROME2", ' '));
        Element(file, 0x0028, 0x0010, "US", UShort(rows));
        Element(file, 0x0028, 0x0011, "US", UShort(columns));
        Element(file, 0x0028, 0x0100, "US", UShort(16));
        Element(file, 0x0028, 0x0101, "US", UShort(12));
        Element(file, 0x0028, 0x0102, "US", UShort(11));
        Element(file, 0x0028, 0x0103, "US", UShort(0));

        // Pixel data: a pattern that differs per instance and along the image, written a chunk at a time.
        var length = (long)rows * columns * 2;
        var header = new byte[12];
        BinaryPrimitives.WriteUInt16LittleEndian(header, 0x7FE0);
        BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(2), 0x0010);
        header[4] = (byte)'O';
        header[5] = (byte)'W';
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(8), checked((uint)length));
        file.Write(header);
        var chunk = new byte[1 << 20];
        for (long written = 0, block = 0; written < length; block++)
        {
            var count = (int)Math.Min(chunk.Length, length - written);
            for (var i = 0; i < count; i += 2) BinaryPrimitives.WriteUInt16LittleEndian(chunk.AsSpan(i), (ushort)((i / 2 * 7 + block * 13 + instanceNumber) & 0x0FFF));
            file.Write(chunk, 0, count);
            written += count;
        }
    }

    /// <summary>SHA-256 of what follows the file meta information of a Part 10 stream, read to its end; the stream's length.</summary>
    public static async Task<(string DatasetSha256, long Length)> HashDatasetAsync(Stream part10, CancellationToken cancellationToken)
    {
        var start = new byte[144];
        await part10.ReadExactlyAsync(start, cancellationToken);
        if (!start.AsSpan(128, 4).SequenceEqual("DICM"u8) || BinaryPrimitives.ReadUInt16LittleEndian(start.AsSpan(132)) != 0x0002)
            throw new InvalidDataException("not a Part 10 file starting with its group length");
        var metaRest = (int)BinaryPrimitives.ReadUInt32LittleEndian(start.AsSpan(140));
        await part10.ReadExactlyAsync(new byte[metaRest], cancellationToken);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[1 << 16];
        long length = start.Length + metaRest;
        int read;
        while ((read = await part10.ReadAsync(buffer, cancellationToken)) > 0)
        {
            hash.AppendData(buffer, 0, read);
            length += read;
        }
        return (Convert.ToHexStringLower(hash.GetHashAndReset()), length);
    }

    private static byte[] Text(string value, char padding) =>
        Encoding.ASCII.GetBytes(value.Length % 2 == 0 ? value : value + padding);

    private static byte[] UShort(int value)
    {
        var bytes = new byte[2];
        BinaryPrimitives.WriteUInt16LittleEndian(bytes, (ushort)value);
        return bytes;
    }

    /// <summary>One explicit VR little endian element (short form, or the long form for OB).</summary>
    private static void Element(Stream target, ushort group, ushort element, string vr, byte[] value)
    {
        var longForm = vr is "OB" or "OW" or "UN" or "SQ" or "UT";
        var header = new byte[longForm ? 12 : 8];
        BinaryPrimitives.WriteUInt16LittleEndian(header, group);
        BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(2), element);
        header[4] = (byte)vr[0];
        header[5] = (byte)vr[1];
        if (longForm) BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(8), (uint)value.Length);
        else BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(6), (ushort)value.Length);
        target.Write(header);
        target.Write(value);
    }
}
