using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Grid.Workflows.Conditions;

/// <summary>A DICOM tag (group, element). Reads "0010,0040", "(0010,0040)" and "00100040", in either case.</summary>
public readonly record struct DicomTagKey(ushort Group, ushort Element)
{
    public static DicomTagKey Parse(string text) =>
        TryParse(text, out var tag) ? tag : throw new FormatException($"'{text}' is not a DICOM tag such as 0010,0040.");

    public static bool TryParse(string? text, out DicomTagKey tag)
    {
        tag = default;
        if (text is null) return false;
        var digits = text.Trim().TrimStart('(').TrimEnd(')').Replace(",", "", StringComparison.Ordinal);
        if (digits.Length != 8 || !digits.All(char.IsAsciiHexDigit)) return false;
        tag = new DicomTagKey(ParseHex(digits[..4]), ParseHex(digits[4..]));
        return true;
    }

    /// <summary>Reads the two arguments of <c>tags(g,e)</c>; each must be four hexadecimal digits.</summary>
    public static bool TryParse(string group, string element, [NotNullWhen(true)] out DicomTagKey? tag)
    {
        tag = null;
        if (!IsFourHexDigits(group) || !IsFourHexDigits(element)) return false;
        tag = new DicomTagKey(ParseHex(group), ParseHex(element));
        return true;
    }

    private static bool IsFourHexDigits(string text) => text.Length == 4 && text.All(char.IsAsciiHexDigit);

    private static ushort ParseHex(string text) => ushort.Parse(text, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);

    public override string ToString() => $"{Group:X4},{Element:X4}";
}
