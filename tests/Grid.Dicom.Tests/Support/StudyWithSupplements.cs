using Grid.Dicom.Data;

namespace Grid.Dicom.Tests.Support;

/// <summary>
/// A CT study as a scanner sends it: CT images, then an X-Ray Radiation Dose SR, a Grayscale Softcopy Presentation
/// State and a Key Object Selection document, each in a series of its own, made with dump2dcm into one folder
/// (the supplements last, so storescu sends the images first).
/// </summary>
public static class StudyWithSupplements
{
    public const string StudyUid = "1.2.826.0.1.3680043.2.1125.9400";
    public const string RadiationDoseSr = "1.2.840.10008.5.1.4.1.1.88.67";
    public const string GrayscalePresentationState = "1.2.840.10008.5.1.4.1.1.11.1";
    public const string KeyObjectSelection = "1.2.840.10008.5.1.4.1.1.88.59";

    public sealed record Instance(string Path, string SopClassUid, string SopInstanceUid, string SeriesUid);

    public static List<Instance> Build(string folder, int ctImages)
    {
        var instances = new List<Instance>();
        var ctSeries = $"{StudyUid}.1";
        for (var i = 1; i <= ctImages; i++)
        {
            var uid = $"{ctSeries}.{i}";
            var path = Dcmtk.Dump2Dcm(folder, $"a-ct{i:000}", TestDumps.Image(DicomUids.CTImageStorage, uid, StudyUid, ctSeries, 1, i), "+te");
            instances.Add(new Instance(path, DicomUids.CTImageStorage, uid, ctSeries));
        }
        var supplements = new[] { (RadiationDoseSr, "SR", "b-rdsr"), (GrayscalePresentationState, "PR", "c-gsps"), (KeyObjectSelection, "KO", "d-kos") };
        for (var s = 0; s < supplements.Length; s++)
        {
            var (sopClass, modality, name) = supplements[s];
            var series = $"{StudyUid}.{s + 2}";
            var uid = $"{series}.1";
            var dump = $"""
                (0002,0002) UI [{sopClass}]
                (0002,0003) UI [{uid}]
                (0008,0016) UI [{sopClass}]
                (0008,0018) UI [{uid}]
                (0008,0020) DA [20240131]
                (0008,0060) CS [{modality}]
                (0010,0010) PN [Doe^John]
                (0010,0020) LO [PID-0001]
                (0020,000d) UI [{StudyUid}]
                (0020,000e) UI [{series}]
                (0020,0011) IS [{s + 2}]
                (0020,0013) IS [1]
                """;
            instances.Add(new Instance(Dcmtk.Dump2Dcm(folder, name, dump, "+te"), sopClass, uid, series));
        }
        return instances;
    }
}
