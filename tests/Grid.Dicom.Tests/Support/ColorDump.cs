using System.Text;

namespace Grid.Dicom.Tests.Support;

/// <summary>A dump2dcm text of an 8-bit RGB image of several frames, pixel by pixel (planar configuration 0 or 1).</summary>
public static class ColorDump
{
    public static string Image(string sopInstanceUid, int rows, int columns, int frames, int planarConfiguration)
    {
        var pixels = new StringBuilder();
        for (var i = 0; i < rows * columns * 3 * frames; i++)
            // Runs of equal bytes and literal stretches, so that RLE uses both kinds of packet.
            pixels.Append(i == 0 ? "" : "\\").Append((i % 40 < 20 ? 200 : i * 7 % 256).ToString("x2"));
        return $"""
            (0008,0016) UI =SecondaryCaptureImageStorage
            (0008,0018) UI [{sopInstanceUid}]
            (0008,0060) CS [OT]
            (0010,0010) PN [Color^Test]
            (0028,0002) US 3
            (0028,0004) CS [RGB]
            (0028,0006) US {planarConfiguration}
            (0028,0008) IS [{frames}]
            (0028,0010) US {rows}
            (0028,0011) US {columns}
            (0028,0100) US 8
            (0028,0101) US 8
            (0028,0102) US 7
            (0028,0103) US 0
            (7fe0,0010) OB {pixels}

            """.Replace("\r", "");
    }
}
