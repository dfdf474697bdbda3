using System.Text;
using Grid.Dicom.Data;
using Grid.Dicom.Network;
using Grid.Workflows.Conditions;
using System.Text.Json;
using Grid.Workflows;

namespace Grid.Fuzz;

/// <summary>The fuzz targets, by name.</summary>
public static class FuzzTargets
{
    public static readonly IReadOnlyList<FuzzTarget> All =
    [
        // A condition is parsed at workflow registration from user text: a syntax error is a value, never an exception.
        new("condition", data => Condition.Parse(Encoding.UTF8.GetString(data))),
        // Workflow definitions come over HTTP and gRPC: every problem is a validation error in the result.
        new("workflow", data => WorkflowDefinition.Parse(Encoding.UTF8.GetString(data))),
        new("dicom-file", data => Refused(() => DicomFile.Read(new MemoryStream(data)), typeof(DicomFormatException))),
        new("dicom-json", data => Refused(() => DicomJsonReader.Parse(Encoding.UTF8.GetString(data)), typeof(DicomFormatException), typeof(JsonException), typeof(FormatException))),
        // The first byte picks the PDU type, the rest is its body as read off the wire.
        new("pdu", data => Refused(() => DecodePdu(data), typeof(PduProtocolException))),
    ];

    public static FuzzTarget Named(string name) =>
        All.FirstOrDefault(t => t.Name == name)
        ?? throw new ArgumentException($"unknown fuzz target '{name}'; targets: {string.Join(", ", All.Select(t => t.Name))}");

    private static void DecodePdu(byte[] data)
    {
        if (data.Length == 0) return;
        var body = data.AsMemory(1);
        switch ((PduType)(data[0] % 7 + 1))
        {
            case PduType.AssociateRequest: PduCodec.DecodeAssociateRequest(body.Span); break;
            case PduType.AssociateAccept: PduCodec.DecodeAssociateAccept(body.Span); break;
            case PduType.AssociateReject: PduCodec.DecodeAssociateReject(body.Span); break;
            case PduType.PData: PduCodec.DecodePData(body); break;
            case PduType.ReleaseRequest: PduCodec.DecodeRelease(body.Span, "A-RELEASE-RQ"); break;
            case PduType.ReleaseResponse: PduCodec.DecodeRelease(body.Span, "A-RELEASE-RP"); break;
            case PduType.Abort: PduCodec.DecodeAbort(body.Span); break;
        }
    }

    private static void Refused(Action parse, params Type[] refusals)
    {
        try
        {
            parse();
        }
        catch (Exception e) when (refusals.Any(r => r.IsInstanceOfType(e)))
        {
            // The parser's own refusal: what its callers turn into a reject, an abort or a problem report.
        }
    }
}
