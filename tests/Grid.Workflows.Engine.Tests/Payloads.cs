using System.Text;
using Google.Protobuf;
using Grid.Api.V1;

namespace Grid.Workflows.Engine.Tests;

/// <summary>Trigger requests for the body-router workflow: a "study" of text files and its DICOM tags.</summary>
internal static class Payloads
{
    public static TriggerWorkflowsRequest Study(string workflowId, string studyId, string modality, string bodyParts, int segmenterHangs = 0)
    {
        var request = new TriggerWorkflowsRequest
        {
            WorkflowIds = { workflowId },
            Dicom = new DicomMetadata { StudyId = studyId, Tags = { ["0008,0060"] = modality, ["0020,0010"] = studyId } },
        };
        request.Dicom.Series.Add(new DicomMetadata.Types.Series { Tags = { ["0008,0060"] = modality } });
        request.Files.Add(File("body_parts.txt", bodyParts));
        request.Files.Add(File("series1/slice1.txt", "slice 1"));
        if (segmenterHangs > 0) request.Files.Add(File("segmenter_hangs.txt", segmenterHangs.ToString()));
        return request;
    }

    private static InputFile File(string path, string text) => new() { Path = path, Data = ByteString.CopyFrom(text, Encoding.UTF8) };
}
