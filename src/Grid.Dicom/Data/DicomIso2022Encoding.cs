using System.Text;

namespace Grid.Dicom.Data;

/// <summary>
/// Text with ISO 2022 code extensions (PS3.5 6.1.2.5): escape sequences switch the character set of G0 (bytes below
/// 0x80) or G1 (bytes from 0x80). At the end of a line and, in G1 and single-byte G0, at the value and person name
/// delimiters ('\', '^', '=') the sets of the first term are in force again.
/// </summary>
internal sealed class DicomIso2022Encoding(IReadOnlyList<DicomCharacterRepertoire> repertoires, DicomCharacterRepertoire initial) : Encoding
{
    private const byte Escape = 0x1B;

    private readonly DicomCharacterRepertoire _initialG0 = IsG0(initial) ? initial : DicomCharacterRepertoire.Default;
    private readonly DicomCharacterRepertoire? _initialG1 = IsG0(initial) ? null : initial;
    private readonly Dictionary<int, Encoding> _encodings = [];

    private static bool IsG0(DicomCharacterRepertoire r) => r.Element is DicomCodeElement.G0 or DicomCodeElement.G0TwoBytes;

    private Encoding EncodingOf(DicomCharacterRepertoire repertoire)
    {
        lock (_encodings)
        {
            if (!_encodings.TryGetValue(repertoire.CodePage, out var encoding))
                _encodings[repertoire.CodePage] = encoding = DicomCharacterSet.EncodingOf(repertoire);
            return encoding;
        }
    }

    public override string GetString(byte[] bytes, int index, int count) => Decode(bytes.AsSpan(index, count));

    private string Decode(ReadOnlySpan<byte> bytes)
    {
        var text = new StringBuilder(bytes.Length);
        var (g0, g1) = (_initialG0, _initialG1);
        var i = 0;
        while (i < bytes.Length)
        {
            var b = bytes[i];
            if (b == Escape)
            {
                var designated = Designated(bytes[(i + 1)..]);
                if (designated is null)
                {
                    text.Append('\uFFFD');
                    i++;
                    continue;
                }
                if (IsG0(designated)) g0 = designated;
                else g1 = designated;
                i += 1 + designated.Escape.Length;
                continue;
            }
            if (b is 0x0A or 0x0C or 0x0D)
            {
                (g0, g1) = (_initialG0, _initialG1);
                text.Append((char)b);
                i++;
                continue;
            }
            if (b < 0x80)
            {
                if (g0.Element == DicomCodeElement.G0TwoBytes && b > 0x20 && i + 1 < bytes.Length)
                {
                    text.Append(EncodingOf(g0).GetString([(byte)(b | 0x80), (byte)(bytes[i + 1] | 0x80)]));
                    i += 2;
                    continue;
                }
                if (b is (byte)'\\' or (byte)'^' or (byte)'=') (g0, g1) = (_initialG0, _initialG1);
                text.Append((char)b);
                i++;
                continue;
            }
            if (g1 is null)
            {
                text.Append('\uFFFD');
                i++;
            }
            else if (g1.Element == DicomCodeElement.G1TwoBytes && i + 1 < bytes.Length)
            {
                text.Append(EncodingOf(g1).GetString(bytes.Slice(i, 2)));
                i += 2;
            }
            else
            {
                text.Append(EncodingOf(g1).GetString(bytes.Slice(i, 1)));
                i++;
            }
        }
        return text.ToString();
    }

    private static DicomCharacterRepertoire? Designated(ReadOnlySpan<byte> afterEscape)
    {
        foreach (var r in DicomCharacterSet.EscapeRepertoires)
            if (Matches(afterEscape, r.Escape)) return r;
        return null;
    }

    private static bool Matches(ReadOnlySpan<byte> bytes, string escape)
    {
        if (bytes.Length < escape.Length) return false;
        for (var i = 0; i < escape.Length; i++)
            if (bytes[i] != escape[i]) return false;
        return true;
    }

    private byte[] Encode(ReadOnlySpan<char> chars)
    {
        var output = new List<byte>(chars.Length * 2);
        var (g0, g1) = (_initialG0, _initialG1);
        void Designate(DicomCharacterRepertoire r)
        {
            output.Add(Escape);
            foreach (var c in r.Escape) output.Add((byte)c);
        }
        foreach (var c in chars)
        {
            if (c < 0x80)
            {
                // Delimiters and line ends must be in the initial sets, so the reader can reset there.
                var resets = c is '\\' or '^' or '=' or '\r' or '\n' or '\f';
                if (g0 != _initialG0 && (resets || g0.Element == DicomCodeElement.G0TwoBytes))
                {
                    Designate(_initialG0);
                    g0 = _initialG0;
                }
                if (resets && g1 != _initialG1)
                {
                    if (_initialG1 is not null) Designate(_initialG1);
                    g1 = _initialG1;
                }
                output.Add((byte)c);
                continue;
            }
            var (repertoire, encoded) = FirstThatEncodes(c, g0, g1);
            if (repertoire is null)
            {
                output.Add((byte)'?');
                continue;
            }
            if (IsG0(repertoire))
            {
                if (g0 != repertoire) Designate(repertoire);
                g0 = repertoire;
                foreach (var e in encoded) output.Add((byte)(e & 0x7F));
            }
            else
            {
                if (g1 != repertoire) Designate(repertoire);
                g1 = repertoire;
                output.AddRange(encoded);
            }
        }
        if (g0 != _initialG0) Designate(_initialG0);
        return [.. output];
    }

    /// <summary>The set (the ones in force first) that has the character, and its bytes in that set's own encoding.</summary>
    private (DicomCharacterRepertoire?, byte[]) FirstThatEncodes(char c, DicomCharacterRepertoire g0, DicomCharacterRepertoire? g1)
    {
        IEnumerable<DicomCharacterRepertoire> candidates = [g0, .. g1 is null ? [] : new[] { g1 }, .. repertoires];
        foreach (var r in candidates.Where(r => r.Element != DicomCodeElement.G0))
        {
            var encoding = (Encoding)EncodingOf(r).Clone();
            encoding.EncoderFallback = EncoderFallback.ExceptionFallback;
            byte[] bytes;
            try { bytes = encoding.GetBytes([c]); }
            catch (EncoderFallbackException) { continue; }
            var fits = r.Element switch
            {
                DicomCodeElement.G1 => bytes is [>= 0xA0],
                _ => bytes is [>= 0xA1, >= 0xA1],
            };
            if (fits) return (r, bytes);
        }
        return (null, []);
    }

    public override int GetByteCount(char[] chars, int index, int count) => Encode(chars.AsSpan(index, count)).Length;

    public override int GetBytes(char[] chars, int charIndex, int charCount, byte[] bytes, int byteIndex)
    {
        var encoded = Encode(chars.AsSpan(charIndex, charCount));
        encoded.CopyTo(bytes, byteIndex);
        return encoded.Length;
    }

    public override int GetCharCount(byte[] bytes, int index, int count) => Decode(bytes.AsSpan(index, count)).Length;

    public override int GetChars(byte[] bytes, int byteIndex, int byteCount, char[] chars, int charIndex)
    {
        var decoded = Decode(bytes.AsSpan(byteIndex, byteCount));
        decoded.CopyTo(0, chars, charIndex, decoded.Length);
        return decoded.Length;
    }

    // An escape sequence (4 bytes) may precede every character and one more may end the text.
    public override int GetMaxByteCount(int charCount) => (charCount + 1) * 6;

    public override int GetMaxCharCount(int byteCount) => byteCount;
}
