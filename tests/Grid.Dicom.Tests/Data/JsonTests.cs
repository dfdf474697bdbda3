using System.Text.Json;
using Grid.Dicom.Data;
using Grid.Dicom.Tests.Support;

namespace Grid.Dicom.Tests.Data;

public sealed class JsonTests
{
    [Fact]
    public void Writes_the_PS3_18_json_model()
    {
        var json = DicomJsonWriter.ToJson(WriterTests.BuildDataset());
        using var doc = JsonDocument.Parse(json);
        var root = doc.RootElement;

        Assert.Equal("PN", root.GetProperty("00100010").GetProperty("vr").GetString());
        Assert.Equal("Søren^Kierkegaard", root.GetProperty("00100010").GetProperty("Value")[0].GetProperty("Alphabetic").GetString());
        Assert.Equal(42, root.GetProperty("00200013").GetProperty("Value")[0].GetInt32());
        Assert.Equal(0.3125, root.GetProperty("00280030").GetProperty("Value")[1].GetDouble());
        Assert.Equal(2, root.GetProperty("00280010").GetProperty("Value")[0].GetInt32());
        Assert.Equal("20231224", root.GetProperty("00080020").GetProperty("Value")[0].GetString());
        var sequence = root.GetProperty("00081115").GetProperty("Value");
        Assert.Equal(2, sequence.GetArrayLength());
        Assert.Equal("1.2.3.4.5.6", sequence[0].GetProperty("00081140").GetProperty("Value")[0].GetProperty("00081155").GetProperty("Value")[0].GetString());
        Assert.Equal(Convert.ToBase64String(new byte[] { 1, 2, 3, 4 }), root.GetProperty("7FE00010").GetProperty("InlineBinary").GetString());
    }

    [Fact]
    public void Bulk_data_uri_replaces_pixel_data_and_json_reads_back()
    {
        var options = new DicomJsonOptions { BulkDataUri = a => a.Tag == DicomTags.PixelData ? "https://example.invalid/pixels" : null };
        var json = DicomJsonWriter.ToJson(WriterTests.BuildDataset(), options);
        Assert.Contains("\"BulkDataURI\":\"https://example.invalid/pixels\"", json);

        var back = DicomJsonReader.Parse(json);
        Assert.Equal("Søren^Kierkegaard", back.GetString(DicomTags.PatientName));
        Assert.Equal(42, back.GetInt32(DicomTags.InstanceNumber));
        Assert.Equal((ushort)2, back.GetUInt16(DicomTags.Rows));
        Assert.Equal(1.5, back.GetNumber(new DicomTag(0x0009, 0x1001)));
        Assert.Equal("1.2.3.4.5.6", back.GetSequence(new DicomTag(0x0008, 0x1115))!.Items[0]
            .GetSequence(new DicomTag(0x0008, 0x1140))!.Items[0].GetString(new DicomTag(0x0008, 0x1155)));
        // Same JSON again from what we read.
        Assert.Equal(json, DicomJsonWriter.ToJson(back, options));
    }

    [Fact]
    public void Json_of_a_dcmtk_file_matches_dcm2json_for_patient_and_study()
    {
        using var temp = new TempFolder();
        var path = Dcmtk.Dump2Dcm(temp.Path, "json", TestDumps.Image(DicomUids.CTImageStorage, "1.2.3.9.1", "1.2.3.9", "1.2.3.9.2", 3, 5));
        using var ours = JsonDocument.Parse(DicomJsonWriter.ToJson(DicomFile.Open(path).Dataset));
        using var theirs = JsonDocument.Parse(Dcmtk.RunChecked("dcm2json", path).StandardOutput);
        foreach (var key in new[] { "00100010", "00100020", "0020000D", "0020000E", "00200013", "00080020", "00280010", "00200032" })
        {
            Assert.Equal(
                JsonSerializer.Serialize(theirs.RootElement.GetProperty(key).GetProperty("Value")),
                JsonSerializer.Serialize(ours.RootElement.GetProperty(key).GetProperty("Value")));
        }
    }
}
