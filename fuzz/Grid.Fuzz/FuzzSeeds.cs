using System.Text;
using Grid.Dicom.Data;
using Grid.Dicom.Network;

namespace Grid.Fuzz;

/// <summary>Valid inputs of each target, for a fuzzer to start from.</summary>
public static class FuzzSeeds
{
    public static IReadOnlyList<byte[]> For(string target) => target switch
    {
        "condition" => Texts(
            "{{ context.executions.task1.status }} == 'Succeeded'",
            "{{ context.dicom.series.any('0008','0060') }} == 'MR' AND {{ context.input.patient_details.age }} > 18",
            "({{ context.executions.a.result.score }} >= 0.5 OR 'x' CONTAINS 'y') AND NOT NULL == NULL",
            "'a' == 'a'"),
        "workflow" => Texts("""
            { "name": "w", "version": "1", "description": "d",
              "informatics_gateway": { "ae_title": "GRID", "data_origins": ["SCANNER"], "export_destinations": ["PACS"] },
              "tasks": [
                { "id": "router", "type": "router", "description": "r",
                  "task_destinations": [ { "name": "export", "conditions": ["{{ context.dicom.tags('0008','0060') }} == 'CT'"] } ] },
                { "id": "export", "type": "export", "description": "e",
                  "export_destinations": [ { "name": "PACS" } ],
                  "artifacts": { "input": [ { "name": "report", "value": "{{ context.input.dicom }}" } ] } } ] }
            """),
        "dicom-file" => [DicomFileBytes(DicomUids.ExplicitVRLittleEndian), DicomFileBytes(DicomUids.ImplicitVRLittleEndian)],
        "dicom-json" => Texts("""{ "00100010": { "vr": "PN", "Value": [ { "Alphabetic": "Doe^Jane" } ] }, "00080060": { "vr": "CS", "Value": ["MR"] } }"""),
        "pdu" => [.. Pdus()],
        _ => throw new ArgumentException($"no seeds for fuzz target '{target}'"),
    };

    private static byte[][] Texts(params string[] texts) => [.. texts.Select(Encoding.UTF8.GetBytes)];

    private static byte[] DicomFileBytes(string transferSyntax)
    {
        var dataset = new DicomDataset();
        dataset.SetString(DicomTags.SOPClassUID, DicomUids.Verification);
        dataset.SetString(DicomTags.SOPInstanceUID, "1.2.3.4");
        dataset.SetString(DicomTags.PatientName, "Doe^Jane");
        dataset.SetString(DicomTags.Modality, "OT");
        dataset.SetUInt16(DicomTags.Rows, 2);
        var file = new DicomFile(DicomFileMetaInformation.Create(DicomUids.Verification, "1.2.3.4", transferSyntax), dataset);
        using var output = new MemoryStream();
        file.Write(output);
        return output.ToArray();
    }

    /// <summary>Each PDU as the target reads it: its type less one, then its body without the 6-byte header.</summary>
    private static IEnumerable<byte[]> Pdus()
    {
        var user = new UserInformation(16384, DicomUids.ImplementationClassUid, DicomUids.ImplementationVersionName);
        byte[][] frames =
        [
            PduCodec.Encode(new AssociateRequest("CALLED", "CALLING", DicomUids.ApplicationContext,
                [new ProposedPresentationContext(1, DicomUids.Verification, [DicomUids.ImplicitVRLittleEndian])], user)),
            PduCodec.Encode(new AssociateReject(RejectResult.Permanent, (RejectSource)1, 1)),
            PduCodec.EncodePData(1, isCommand: true, isLast: true, [1, 2, 3, 4]),
            PduCodec.EncodeReleaseRequest(),
            PduCodec.Encode(new AbortPdu(AbortSource.ServiceUser, AbortReason.NotSpecified)),
        ];
        return frames.Select(frame => (byte[])[(byte)(frame[0] - 1), .. frame.AsSpan(6)]);
    }
}
