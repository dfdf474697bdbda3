using System.Text;

namespace Grid.Dicom.Tests.Support;

/// <summary>Names in the character sets of PS3.5 and their bytes, for dump2dcm (which copies a dump's bytes as they are).</summary>
public static class CharacterSetSamples
{
    public const string Cyrillic = "Иванов^Иван";

    /// <summary>PS3.5 H.3.1: a Japanese name in ISO 2022 IR 87 with its escape sequences, byte for byte.</summary>
    public const string Japanese = "Yamada^Tarou=山田^太郎=やまだ^たろう";

    public static readonly byte[] JapaneseBytes = Convert.FromHexString(
        "59616D6164615E5461726F753D" + "1B24423B3345441B28425E1B244242404F3A1B2842" + "3D1B24422464245E24401B28425E1B2442243F246D24261B2842");

    public static byte[] CyrillicBytes => CodePagesEncodingProvider.Instance.GetEncoding(28595)!.GetBytes(Cyrillic);

    /// <summary>Bytes as dump text: dump2dcm is given the dump in Latin-1, which maps each char back to its byte.</summary>
    public static string AsDumpText(byte[] bytes) => Encoding.Latin1.GetString(bytes);
}
