using Grid.Dicom.Data;

namespace Grid.Cli.Bench;

/// <summary>CT instances of a given pixel data size, written as Part 10 files (explicit VR little endian) for the DICOM benchmark.</summary>
internal static class DicomBenchFiles
{
    public const string StudyUid = "1.2.826.0.1.3680043.2.1125.77";

    public static IReadOnlyList<string> Write(string folder, int count, int pixelBytes)
    {
        Directory.CreateDirectory(folder);
        var columns = 512;
        var rows = Math.Max(1, pixelBytes / (2 * columns));
        var pixels = new byte[rows * columns * 2];
        Random.Shared.NextBytes(pixels);
        var paths = new List<string>(count);
        for (var i = 1; i <= count; i++)
        {
            var sopInstanceUid = $"{StudyUid}.1.{i}";
            var dataset = new DicomDataset();
            dataset.SetString(DicomTags.SOPClassUID, DicomUids.CTImageStorage);
            dataset.SetString(DicomTags.SOPInstanceUID, sopInstanceUid);
            dataset.SetString(DicomTags.Modality, "CT");
            dataset.SetString(DicomTags.PatientName, "Bench^Patient");
            dataset.SetString(DicomTags.PatientID, "BENCH-1");
            dataset.SetString(DicomTags.StudyInstanceUID, StudyUid);
            dataset.SetString(DicomTags.SeriesInstanceUID, StudyUid + ".1");
            dataset.SetString(DicomTags.SeriesNumber, "1");
            dataset.SetString(DicomTags.InstanceNumber, i.ToString());
            dataset.SetUInt16(new DicomTag(0x0028, 0x0002), 1);
            dataset.SetString(new DicomTag(0x0028, 0x0004), "MONOCHROME2");
            dataset.SetUInt16(DicomTags.Rows, (ushort)rows);
            dataset.SetUInt16(DicomTags.Columns, (ushort)columns);
            dataset.SetUInt16(new DicomTag(0x0028, 0x0100), 16);
            dataset.SetUInt16(new DicomTag(0x0028, 0x0101), 12);
            dataset.SetUInt16(new DicomTag(0x0028, 0x0102), 11);
            dataset.SetUInt16(new DicomTag(0x0028, 0x0103), 0);
            dataset.SetBytes(DicomTags.PixelData, DicomVR.OW, pixels);
            var meta = DicomFileMetaInformation.Create(DicomUids.CTImageStorage, sopInstanceUid, DicomUids.ExplicitVRLittleEndian);
            var path = Path.Combine(folder, $"img{i:00000}.dcm");
            new DicomFile(meta, dataset).Save(path);
            paths.Add(path);
        }
        return paths;
    }
}
