using Grid.Dicom.Data;
using Grid.Dicom.Tests.Support;

namespace Grid.Dicom.Tests.Data;

/// <summary>The character sets of PS3.3 C.12.1.1.2 that .NET can decode, checked against dcmtk and the examples of PS3.5.</summary>
public sealed class CharacterSetTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    private string FileWithName(string characterSet, byte[] nameBytes) => Dcmtk.Dump2Dcm(_temp.Path, "name",
        TestDumps.Image(DicomUids.CTImageStorage, "1.2.3.500.1", "1.2.3.500", "1.2.3.500.2", 1, 1,
            patientName: CharacterSetSamples.AsDumpText(nameBytes), characterSet: characterSet), "+te");

    [Fact]
    public void An_ISO_IR_144_name_is_decoded_as_Cyrillic()
    {
        var dataset = DicomFile.Open(FileWithName("ISO_IR 144", CharacterSetSamples.CyrillicBytes)).Dataset;

        Assert.Equal(CharacterSetSamples.Cyrillic, dataset.GetString(DicomTags.PatientName));
    }

    [Fact]
    public void An_ISO_2022_IR_87_name_is_decoded_and_encoded_as_in_PS3_5_H_3_1()
    {
        var dataset = DicomFile.Open(FileWithName("\\ISO 2022 IR 87", CharacterSetSamples.JapaneseBytes)).Dataset;
        Assert.Equal(CharacterSetSamples.Japanese, dataset.GetString(DicomTags.PatientName));

        var written = new DicomDataset();
        written.SetString(DicomTags.SpecificCharacterSet, "", "ISO 2022 IR 87");
        written.SetString(DicomTags.PatientName, CharacterSetSamples.Japanese);
        Assert.Equal(CharacterSetSamples.JapaneseBytes, written.GetElement(DicomTags.PatientName)!.Value);
    }

    [Theory]
    [InlineData("ISO_IR 144", "Иванов^Иван")]
    [InlineData("ISO_IR 101", "Dvořák^Antonín")]
    [InlineData("ISO_IR 126", "Διονυσιος")]
    [InlineData("ISO_IR 127", "قباني^لنزار")]
    [InlineData("ISO_IR 138", "שרון^דבורה")]
    [InlineData("ISO_IR 148", "Çağlar^Şükrü")]
    [InlineData("ISO_IR 166", "ประเทศไทย")]
    [InlineData("GB18030", "Wang^XiaoDong=王^小东")]
    [InlineData("GBK", "Wang^XiaoDong=王^小东")]
    [InlineData("\\ISO 2022 IR 149", "Hong^Gildong=洪^吉洞=홍^길동")]
    [InlineData("ISO 2022 IR 6\\ISO 2022 IR 58", "Zhang^XiaoDong=张^小东=")]
    [InlineData("ISO 2022 IR 100\\ISO 2022 IR 144", "Müller Иванов^Jürgen")]
    public void A_name_we_write_is_read_the_same_by_dcmtk_and_by_us(string characterSet, string name)
    {
        var dataset = new DicomDataset();
        dataset.SetString(DicomTags.SpecificCharacterSet, characterSet.Split('\\'));
        dataset.SetString(DicomTags.SOPClassUID, DicomUids.SecondaryCaptureImageStorage);
        dataset.SetString(DicomTags.SOPInstanceUID, "1.2.3.501.1");
        dataset.SetString(DicomTags.PatientName, name);
        var ours = _temp.File("ours.dcm");
        new DicomFile(new DicomDataset(), dataset).Save(ours, DicomTransferSyntax.ExplicitVRLittleEndian);
        var utf8 = _temp.File("utf8.dcm");

        Dcmtk.RunChecked("dcmconv", "+U8", ours, utf8);

        Assert.Contains($"(0010,0010) PN [{name}]", string.Join('\n', Dcmtk.DumpDataset(utf8)));
        Assert.Equal(name, DicomFile.Open(ours).Dataset.GetString(DicomTags.PatientName));
    }

    [Theory]
    [InlineData("ISO_IR 999", "'ISO_IR 999' is not one Grid can decode")]
    [InlineData("ISO 2022 IR 6\\ISO 2022 IR 159", "'ISO 2022 IR 159' cannot be decoded")]
    public void A_character_set_that_cannot_be_decoded_is_named_and_its_bytes_kept(string characterSet, string problem)
    {
        var dataset = DicomFile.Open(FileWithName(characterSet, [0x41, 0xE9, 0x42])).Dataset;

        Assert.Contains(problem, DicomCharacterSet.Problem(DicomCharacterSet.TermsOf(dataset)));
        Assert.Null(DicomCharacterSet.Problem(["ISO_IR 192"]));
        Assert.Equal(3, dataset.GetString(DicomTags.PatientName)!.Length);
    }
}
