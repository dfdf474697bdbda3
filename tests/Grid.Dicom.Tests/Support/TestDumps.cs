using System.Text;

namespace Grid.Dicom.Tests.Support;

/// <summary>dcmtk dump texts for the test instances (turned into files by dump2dcm at test time).</summary>
public static class TestDumps
{
    public static string Image(
        string sopClassUid, string sopInstanceUid, string studyUid, string seriesUid,
        int seriesNumber, int instanceNumber, string modality = "CT", string patientName = "Doe^John",
        string characterSet = "", int rows = 4, int columns = 4)
    {
        var pixels = new StringBuilder();
        for (var i = 0; i < rows * columns; i++)
            pixels.Append(i == 0 ? "" : "\\").Append(((i * 37 + instanceNumber) % 4096).ToString("x4"));
        var charset = characterSet.Length > 0 ? $"(0008,0005) CS [{characterSet}]\n" : "";
        return $"""
            (0002,0002) UI [{sopClassUid}]
            (0002,0003) UI [{sopInstanceUid}]
            {charset}(0008,0008) CS [ORIGINAL\PRIMARY\AXIAL]
            (0008,0016) UI [{sopClassUid}]
            (0008,0018) UI [{sopInstanceUid}]
            (0008,0020) DA [20240131]
            (0008,0030) TM [134501.250000]
            (0008,002a) DT [20240131134501.25+0100]
            (0008,0050) SH [ACC{seriesNumber:000}]
            (0008,0060) CS [{modality}]
            (0008,0070) LO [Grid Test Devices]
            (0008,0090) PN [Welby^Marcus^^Dr.]
            (0008,1030) LO [Study of three series]
            (0008,103e) LO [Series {seriesNumber}]
            (0008,1140) SQ (Sequence with explicit length)
              (fffe,e000) na (Item with explicit length)
                (0008,1150) UI [1.2.840.10008.5.1.4.1.1.2]
                (0008,1155) UI [1.2.3.4.{instanceNumber}]
                (0008,9215) SQ (Sequence with explicit length)
                  (fffe,e000) na (Item with explicit length)
                    (0008,0100) SH [113076]
                    (0008,0102) SH [DCM]
                    (0008,0104) LO [Segmentation]
                  (fffe,e00d) na (ItemDelimitationItem)
                (fffe,e0dd) na (SequenceDelimitationItem)
              (fffe,e00d) na (ItemDelimitationItem)
              (fffe,e000) na (Item with explicit length)
                (0008,1150) UI [1.2.840.10008.5.1.4.1.1.4]
                (0008,1155) UI [1.2.3.5.{instanceNumber}]
              (fffe,e00d) na (ItemDelimitationItem)
            (fffe,e0dd) na (SequenceDelimitationItem)
            (0010,0010) PN [{patientName}]
            (0010,0020) LO [PID-0001]
            (0010,0030) DA [19700101]
            (0010,0040) CS [O]
            (0010,1010) AS [054Y]
            (0010,1030) DS [72.5]
            (0018,0050) DS [1.25]
            (0020,000d) UI [{studyUid}]
            (0020,000e) UI [{seriesUid}]
            (0020,0011) IS [{seriesNumber}]
            (0020,0013) IS [{instanceNumber}]
            (0020,0032) DS [-125.5\-130\{instanceNumber * 1.25:0.##}]
            (0028,0002) US 1
            (0028,0004) CS [MONOCHROME2]
            (0028,0010) US {rows}
            (0028,0011) US {columns}
            (0028,0030) DS [0.5\0.5]
            (0028,0100) US 16
            (0028,0101) US 12
            (0028,0102) US 11
            (0028,0103) US 0
            (0028,1052) DS [-1024]
            (0028,1053) DS [1]
            (0029,0010) LO [GRID TEST]
            (0029,1010) UL 1234567
            (0029,1011) FD 3.25\-1.5
            (7fe0,0010) OW {pixels}

            """.Replace("\r", "");
    }

    public static string Encapsulated(string sopInstanceUid) => $"""
        (0002,0010) UI =JPEGBaseline
        (0008,0016) UI =SecondaryCaptureImageStorage
        (0008,0018) UI [{sopInstanceUid}]
        (0010,0010) PN [Encapsulated^Pixel]
        (0028,0002) US 1
        (0028,0004) CS [MONOCHROME2]
        (0028,0010) US 8
        (0028,0011) US 8
        (0028,0100) US 8
        (7fe0,0010) OB (PixelSequence)
          (fffe,e000) pi (no value available)
          (fffe,e000) pi ff\d8\ff\e0\00\10\4a\46
          (fffe,e000) pi 01\02\03\04\05\06\ff\d9
        (fffe,e0dd) na (SequenceDelimitationItem)

        """;
}
