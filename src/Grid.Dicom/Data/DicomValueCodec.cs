using System.Buffers.Binary;
using System.Globalization;
using System.Text;

namespace Grid.Dicom.Data;

/// <summary>Turns element bytes into .NET values and back, following PS3.5 6.2 for each VR.</summary>
public static class DicomValueCodec
{
    public static string[] SplitText(string text, DicomVR vr)
    {
        text = text.TrimEnd(' ', '\0');
        if (text.Length == 0) return [];
        string[] values = vr.IsSingleValuedText() ? [text] : text.Split('\\');
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = values[i].TrimEnd(' ', '\0');
            // Leading spaces are significant only in LT, ST, UT and PN.
            if (vr is not (DicomVR.LT or DicomVR.ST or DicomVR.UT or DicomVR.PN)) values[i] = values[i].TrimStart(' ');
        }
        return values;
    }

    public static byte[] EncodeText(IEnumerable<string> values, DicomVR vr, Encoding encoding)
    {
        var bytes = encoding.GetBytes(string.Join('\\', values));
        return PadToEven(bytes, vr.PaddingByte());
    }

    public static byte[] PadToEven(byte[] bytes, byte padding)
    {
        if (bytes.Length % 2 == 0) return bytes;
        var padded = new byte[bytes.Length + 1];
        bytes.CopyTo(padded, 0);
        padded[^1] = padding;
        return padded;
    }

    /// <summary>Numeric values of any binary numeric VR, or of IS/DS strings, as doubles.</summary>
    public static double[] DecodeNumbers(byte[] value, DicomVR vr) => vr switch
    {
        DicomVR.US => Binary(value, 2, s => BinaryPrimitives.ReadUInt16LittleEndian(s)),
        DicomVR.SS => Binary(value, 2, s => BinaryPrimitives.ReadInt16LittleEndian(s)),
        DicomVR.UL => Binary(value, 4, s => BinaryPrimitives.ReadUInt32LittleEndian(s)),
        DicomVR.SL => Binary(value, 4, s => BinaryPrimitives.ReadInt32LittleEndian(s)),
        DicomVR.FL => Binary(value, 4, s => BinaryPrimitives.ReadSingleLittleEndian(s)),
        DicomVR.FD => Binary(value, 8, s => BinaryPrimitives.ReadDoubleLittleEndian(s)),
        DicomVR.UV => Binary(value, 8, s => BinaryPrimitives.ReadUInt64LittleEndian(s)),
        DicomVR.SV => Binary(value, 8, s => BinaryPrimitives.ReadInt64LittleEndian(s)),
        DicomVR.IS or DicomVR.DS => SplitText(DicomCharacterSet.Default.GetString(value), vr)
            .Select(s => double.Parse(s, NumberStyles.Float, CultureInfo.InvariantCulture)).ToArray(),
        _ => throw new InvalidOperationException($"VR {vr} does not hold numbers."),
    };

    private delegate double Reader(ReadOnlySpan<byte> span);

    private static double[] Binary(byte[] value, int size, Reader read)
    {
        var result = new double[value.Length / size];
        for (var i = 0; i < result.Length; i++) result[i] = read(value.AsSpan(i * size, size));
        return result;
    }

    public static byte[] EncodeNumbers(IReadOnlyList<double> numbers, DicomVR vr)
    {
        if (vr is DicomVR.IS or DicomVR.DS)
            return EncodeText(numbers.Select(n => FormatDecimalString(n, vr)), vr, DicomCharacterSet.Default);
        var size = vr switch
        {
            DicomVR.US or DicomVR.SS => 2,
            DicomVR.UL or DicomVR.SL or DicomVR.FL => 4,
            DicomVR.FD or DicomVR.UV or DicomVR.SV => 8,
            _ => throw new InvalidOperationException($"VR {vr} does not hold numbers."),
        };
        var bytes = new byte[numbers.Count * size];
        for (var i = 0; i < numbers.Count; i++)
        {
            var span = bytes.AsSpan(i * size, size);
            var n = numbers[i];
            switch (vr)
            {
                case DicomVR.US: BinaryPrimitives.WriteUInt16LittleEndian(span, checked((ushort)n)); break;
                case DicomVR.SS: BinaryPrimitives.WriteInt16LittleEndian(span, checked((short)n)); break;
                case DicomVR.UL: BinaryPrimitives.WriteUInt32LittleEndian(span, checked((uint)n)); break;
                case DicomVR.SL: BinaryPrimitives.WriteInt32LittleEndian(span, checked((int)n)); break;
                case DicomVR.FL: BinaryPrimitives.WriteSingleLittleEndian(span, (float)n); break;
                case DicomVR.FD: BinaryPrimitives.WriteDoubleLittleEndian(span, n); break;
                case DicomVR.UV: BinaryPrimitives.WriteUInt64LittleEndian(span, checked((ulong)n)); break;
                case DicomVR.SV: BinaryPrimitives.WriteInt64LittleEndian(span, checked((long)n)); break;
            }
        }
        return bytes;
    }

    /// <summary>IS allows 12 characters, DS 16 (PS3.5 Table 6.2-1).</summary>
    private static string FormatDecimalString(double n, DicomVR vr)
    {
        if (vr == DicomVR.IS) return checked((long)n).ToString(CultureInfo.InvariantCulture);
        var text = n.ToString("R", CultureInfo.InvariantCulture);
        for (var digits = 15; text.Length > 16 && digits > 1; digits--)
            text = n.ToString("G" + digits, CultureInfo.InvariantCulture);
        return text;
    }

    public static DateOnly ParseDate(string text)
    {
        text = text.Trim().Replace(".", "");
        return DateOnly.ParseExact(text, "yyyyMMdd", CultureInfo.InvariantCulture);
    }

    public static TimeOnly ParseTime(string text)
    {
        text = text.Trim().Replace(":", "");
        var (main, fraction) = SplitFraction(text);
        var hour = int.Parse(main[..2], CultureInfo.InvariantCulture);
        var minute = main.Length >= 4 ? int.Parse(main[2..4], CultureInfo.InvariantCulture) : 0;
        var second = main.Length >= 6 ? int.Parse(main[4..6], CultureInfo.InvariantCulture) : 0;
        return new TimeOnly(hour, minute, Math.Min(second, 59)).Add(TimeSpan.FromTicks(fraction));
    }

    public static DicomDateTime ParseDateTime(string text)
    {
        text = text.Trim();
        TimeSpan? offset = null;
        var sign = text.IndexOfAny(['+', '-']);
        if (sign >= 0)
        {
            var zone = text[(sign + 1)..];
            var span = new TimeSpan(int.Parse(zone[..2], CultureInfo.InvariantCulture), int.Parse(zone[2..4], CultureInfo.InvariantCulture), 0);
            offset = text[sign] == '-' ? -span : span;
            text = text[..sign];
        }
        var (main, fraction) = SplitFraction(text);
        int Part(int start, int length, int missing) =>
            main.Length >= start + length ? int.Parse(main.AsSpan(start, length), CultureInfo.InvariantCulture) : missing;
        var value = new DateTime(Part(0, 4, 1), Part(4, 2, 1), Part(6, 2, 1), Part(8, 2, 0), Part(10, 2, 0), Math.Min(Part(12, 2, 0), 59))
            .AddTicks(fraction);
        return new DicomDateTime(value, offset);
    }

    private static (string Main, long FractionTicks) SplitFraction(string text)
    {
        var dot = text.IndexOf('.');
        if (dot < 0) return (text, 0);
        var digits = text[(dot + 1)..].PadRight(7, '0')[..7];
        return (text[..dot], long.Parse(digits, CultureInfo.InvariantCulture));
    }

    public static string FormatDate(DateOnly date) => date.ToString("yyyyMMdd", CultureInfo.InvariantCulture);

    public static string FormatTime(TimeOnly time) => time.Ticks % TimeSpan.TicksPerSecond == 0
        ? time.ToString("HHmmss", CultureInfo.InvariantCulture)
        : time.ToString("HHmmss.ffffff", CultureInfo.InvariantCulture);
}
