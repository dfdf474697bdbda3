using Grid.Dicom.Data;

namespace Grid.Dicom.Tests.Support;

/// <summary>Makes a study of several series with dump2dcm: one folder per series, each with its own transfer syntax.</summary>
public static class StudyBuilder
{
    public sealed record Instance(string Path, string SopInstanceUid, string SeriesUid, int SeriesNumber, int InstanceNumber);

    public const string StudyUid = "1.2.826.0.1.3680043.2.1125.9000";

    public static List<Instance> Build(string root, int instancesPerSeries, params string[][] dump2dcmOptionsPerSeries)
    {
        var instances = new List<Instance>();
        for (var s = 0; s < dump2dcmOptionsPerSeries.Length; s++)
        {
            var seriesNumber = s + 1;
            var folder = Directory.CreateDirectory(Path.Combine(root, $"series{seriesNumber}")).FullName;
            var seriesUid = $"{StudyUid}.{seriesNumber}";
            var modality = seriesNumber == 2 ? "MR" : "CT";
            var sopClass = seriesNumber == 2 ? DicomUids.MRImageStorage : DicomUids.CTImageStorage;
            for (var i = 1; i <= instancesPerSeries; i++)
            {
                var sopInstanceUid = $"{seriesUid}.{i}";
                var path = Dcmtk.Dump2Dcm(folder, $"img{i:000}",
                    TestDumps.Image(sopClass, sopInstanceUid, StudyUid, seriesUid, seriesNumber, i, modality, rows: 96, columns: 96), dump2dcmOptionsPerSeries[s]);
                instances.Add(new Instance(path, sopInstanceUid, seriesUid, seriesNumber, i));
            }
        }
        return instances;
    }
}
