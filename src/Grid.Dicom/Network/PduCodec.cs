using System.Buffers.Binary;
using System.Text;

namespace Grid.Dicom.Network;

/// <summary>
/// Encodes and decodes PDU bodies (PS3.8 9.3). Decoding is strict: every length must match the bytes it
/// covers exactly, otherwise a <see cref="PduProtocolException"/> says how to abort.
/// </summary>
public static class PduCodec
{
    private const byte ApplicationContextItem = 0x10;
    private const byte PresentationContextRequestItem = 0x20;
    private const byte PresentationContextAcceptItem = 0x21;
    private const byte AbstractSyntaxItem = 0x30;
    private const byte TransferSyntaxItem = 0x40;
    private const byte UserInformationItem = 0x50;
    private const byte MaximumLengthItem = 0x51;
    private const byte ImplementationClassUidItem = 0x52;
    private const byte ImplementationVersionNameItem = 0x55;

    /// <summary>Protocol version, reserved, two AE titles and 32 reserved bytes before the variable items.</summary>
    private const int AssociateFixedLength = 68;

    // ---------------- encoding ----------------

    public static byte[] Encode(AssociateRequest rq)
    {
        var items = new List<byte>();
        AddItem(items, ApplicationContextItem, Ascii(rq.ApplicationContext));
        foreach (var pc in rq.PresentationContexts)
        {
            var content = new List<byte> { pc.Id, 0, 0, 0 };
            AddItem(content, AbstractSyntaxItem, Ascii(pc.AbstractSyntax));
            foreach (var ts in pc.TransferSyntaxes) AddItem(content, TransferSyntaxItem, Ascii(ts));
            AddItem(items, PresentationContextRequestItem, content.ToArray());
        }
        AddItem(items, UserInformationItem, EncodeUserInformation(rq.UserInformation));
        return Frame(PduType.AssociateRequest, AssociateFixedPart(rq.ProtocolVersion, rq.CalledAeTitle, rq.CallingAeTitle), items);
    }

    public static byte[] Encode(AssociateAccept ac)
    {
        var items = new List<byte>();
        AddItem(items, ApplicationContextItem, Ascii(ac.ApplicationContext));
        foreach (var pc in ac.PresentationContexts)
        {
            var content = new List<byte> { pc.Id, 0, (byte)pc.Result, 0 };
            // The transfer syntax sub-item is present but not significant when the context is rejected.
            AddItem(content, TransferSyntaxItem, Ascii(pc.TransferSyntax));
            AddItem(items, PresentationContextAcceptItem, content.ToArray());
        }
        AddItem(items, UserInformationItem, EncodeUserInformation(ac.UserInformation));
        return Frame(PduType.AssociateAccept, AssociateFixedPart(ac.ProtocolVersion, ac.CalledAeTitle, ac.CallingAeTitle), items);
    }

    public static byte[] Encode(AssociateReject rj) =>
        Frame(PduType.AssociateReject, [0, (byte)rj.Result, (byte)rj.Source, rj.Reason], []);

    public static byte[] Encode(AbortPdu abort) =>
        Frame(PduType.Abort, [0, 0, (byte)abort.Source, (byte)abort.Reason], []);

    public static byte[] EncodeReleaseRequest() => Frame(PduType.ReleaseRequest, [0, 0, 0, 0], []);

    public static byte[] EncodeReleaseResponse() => Frame(PduType.ReleaseResponse, [0, 0, 0, 0], []);

    /// <summary>A P-DATA-TF PDU holding a single PDV.</summary>
    public static byte[] EncodePData(byte presentationContextId, bool isCommand, bool isLast, ReadOnlySpan<byte> data)
    {
        var pdu = new byte[6 + 6 + data.Length];
        pdu[0] = (byte)PduType.PData;
        BinaryPrimitives.WriteUInt32BigEndian(pdu.AsSpan(2), (uint)(6 + data.Length));
        BinaryPrimitives.WriteUInt32BigEndian(pdu.AsSpan(6), (uint)(2 + data.Length));
        pdu[10] = presentationContextId;
        pdu[11] = (byte)((isCommand ? 0x01 : 0x00) | (isLast ? 0x02 : 0x00));
        data.CopyTo(pdu.AsSpan(12));
        return pdu;
    }

    private static byte[] AssociateFixedPart(ushort version, string called, string calling)
    {
        var fixedPart = new byte[AssociateFixedLength];
        BinaryPrimitives.WriteUInt16BigEndian(fixedPart, version);
        AeTitle(called).CopyTo(fixedPart, 4);
        AeTitle(calling).CopyTo(fixedPart, 20);
        return fixedPart;
    }

    private static byte[] EncodeUserInformation(UserInformation info)
    {
        var content = new List<byte>();
        var max = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(max, info.MaxPduLength);
        AddItem(content, MaximumLengthItem, max);
        AddItem(content, ImplementationClassUidItem, Ascii(info.ImplementationClassUid));
        if (!string.IsNullOrEmpty(info.ImplementationVersionName))
            AddItem(content, ImplementationVersionNameItem, Ascii(info.ImplementationVersionName));
        return content.ToArray();
    }

    private static void AddItem(List<byte> target, byte type, byte[] content)
    {
        if (content.Length > ushort.MaxValue) throw new ArgumentException("Item too long.");
        target.Add(type);
        target.Add(0);
        target.Add((byte)(content.Length >> 8));
        target.Add((byte)content.Length);
        target.AddRange(content);
    }

    private static byte[] Frame(PduType type, byte[] fixedPart, List<byte> items)
    {
        var body = fixedPart.Length + items.Count;
        var pdu = new byte[6 + body];
        pdu[0] = (byte)type;
        BinaryPrimitives.WriteUInt32BigEndian(pdu.AsSpan(2), (uint)body);
        fixedPart.CopyTo(pdu, 6);
        items.CopyTo(pdu, 6 + fixedPart.Length);
        return pdu;
    }

    private static byte[] Ascii(string text) => Encoding.ASCII.GetBytes(text);

    private static byte[] AeTitle(string title)
    {
        if (title.Length is 0 or > 16) throw new ArgumentException($"AE title '{title}' must be 1 to 16 characters.");
        return Encoding.ASCII.GetBytes(title.PadRight(16));
    }

    // ---------------- decoding ----------------

    private static PduProtocolException Invalid(string message) => new(AbortReason.InvalidPduParameterValue, message);

    public static AssociateRequest DecodeAssociateRequest(ReadOnlySpan<byte> body)
    {
        var (version, called, calling) = DecodeFixedPart(body);
        string? context = null;
        var contexts = new List<ProposedPresentationContext>();
        UserInformation? user = null;
        foreach (var (type, content) in Items(body[AssociateFixedLength..]))
        {
            switch (type)
            {
                case ApplicationContextItem: context = Uid(content); break;
                case PresentationContextRequestItem: contexts.Add(DecodeProposedContext(content)); break;
                case UserInformationItem: user = DecodeUserInformation(content); break;
                default: throw new PduProtocolException(AbortReason.UnrecognizedPduParameter, $"Unknown item 0x{type:X2} in A-ASSOCIATE-RQ.");
            }
        }
        if (context is null) throw Invalid("A-ASSOCIATE-RQ without application context.");
        if (user is null) throw Invalid("A-ASSOCIATE-RQ without user information.");
        if (contexts.Count == 0) throw Invalid("A-ASSOCIATE-RQ without presentation contexts.");
        return new AssociateRequest(called, calling, context, contexts, user, version);
    }

    public static AssociateAccept DecodeAssociateAccept(ReadOnlySpan<byte> body)
    {
        var (version, called, calling) = DecodeFixedPart(body);
        string? context = null;
        var contexts = new List<NegotiatedPresentationContext>();
        UserInformation? user = null;
        foreach (var (type, content) in Items(body[AssociateFixedLength..]))
        {
            switch (type)
            {
                case ApplicationContextItem: context = Uid(content); break;
                case PresentationContextAcceptItem: contexts.Add(DecodeNegotiatedContext(content)); break;
                case UserInformationItem: user = DecodeUserInformation(content); break;
                default: throw new PduProtocolException(AbortReason.UnrecognizedPduParameter, $"Unknown item 0x{type:X2} in A-ASSOCIATE-AC.");
            }
        }
        if (context is null || user is null) throw Invalid("A-ASSOCIATE-AC without application context or user information.");
        return new AssociateAccept(called, calling, context, contexts, user, version);
    }

    public static AssociateReject DecodeAssociateReject(ReadOnlySpan<byte> body)
    {
        RequireLength(body, 4, "A-ASSOCIATE-RJ");
        return new AssociateReject((RejectResult)body[1], (RejectSource)body[2], body[3]);
    }

    public static AbortPdu DecodeAbort(ReadOnlySpan<byte> body)
    {
        RequireLength(body, 4, "A-ABORT");
        return new AbortPdu((AbortSource)body[2], (AbortReason)body[3]);
    }

    public static void DecodeRelease(ReadOnlySpan<byte> body, string name) => RequireLength(body, 4, name);

    public static List<PresentationDataValue> DecodePData(ReadOnlyMemory<byte> body)
    {
        var values = new List<PresentationDataValue>();
        var offset = 0;
        while (offset < body.Length)
        {
            if (body.Length - offset < 6) throw Invalid("Truncated PDV item header in P-DATA-TF.");
            var length = BinaryPrimitives.ReadUInt32BigEndian(body.Span[offset..]);
            if (length < 2 || length > body.Length - offset - 4)
                throw Invalid($"PDV item length {length} does not fit the P-DATA-TF PDU.");
            var id = body.Span[offset + 4];
            var header = body.Span[offset + 5];
            if (id == 0 || (id & 1) == 0) throw Invalid($"Invalid presentation context ID {id}.");
            values.Add(new PresentationDataValue(id, (header & 0x01) != 0, (header & 0x02) != 0,
                body.Slice(offset + 6, (int)length - 2)));
            offset += 4 + (int)length;
        }
        if (values.Count == 0) throw Invalid("P-DATA-TF without any PDV item.");
        return values;
    }

    private static void RequireLength(ReadOnlySpan<byte> body, int expected, string name)
    {
        if (body.Length != expected) throw Invalid($"{name} PDU length {body.Length}, expected {expected}.");
    }

    private static (ushort Version, string Called, string Calling) DecodeFixedPart(ReadOnlySpan<byte> body)
    {
        if (body.Length < AssociateFixedLength) throw Invalid($"A-ASSOCIATE PDU length {body.Length} is shorter than its fixed fields.");
        var version = BinaryPrimitives.ReadUInt16BigEndian(body);
        return (version, AeTitleText(body.Slice(4, 16)), AeTitleText(body.Slice(20, 16)));
    }

    private static string AeTitleText(ReadOnlySpan<byte> bytes) => Encoding.ASCII.GetString(bytes).Trim(' ', '\0');

    private static string Uid(ReadOnlySpan<byte> bytes) => Encoding.ASCII.GetString(bytes).TrimEnd(' ', '\0');

    /// <summary>Splits a run of items (type, reserved, 16-bit length, content); the run must be covered exactly.</summary>
    private static List<(byte Type, byte[] Content)> Items(ReadOnlySpan<byte> data)
    {
        var items = new List<(byte, byte[])>();
        var offset = 0;
        while (offset < data.Length)
        {
            if (data.Length - offset < 4) throw Invalid("Truncated item header.");
            var length = BinaryPrimitives.ReadUInt16BigEndian(data[(offset + 2)..]);
            if (length > data.Length - offset - 4) throw Invalid($"Item 0x{data[offset]:X2} length {length} overruns its PDU.");
            items.Add((data[offset], data.Slice(offset + 4, length).ToArray()));
            offset += 4 + length;
        }
        return items;
    }

    private static ProposedPresentationContext DecodeProposedContext(byte[] content)
    {
        if (content.Length < 4) throw Invalid("Presentation context item too short.");
        string? abstractSyntax = null;
        var transferSyntaxes = new List<string>();
        foreach (var (type, sub) in Items(content.AsSpan(4)))
        {
            switch (type)
            {
                case AbstractSyntaxItem: abstractSyntax = Uid(sub); break;
                case TransferSyntaxItem: transferSyntaxes.Add(Uid(sub)); break;
                default: throw new PduProtocolException(AbortReason.UnrecognizedPduParameter, $"Unknown sub-item 0x{type:X2} in presentation context.");
            }
        }
        if (abstractSyntax is null || transferSyntaxes.Count == 0)
            throw Invalid($"Presentation context {content[0]} lacks an abstract or transfer syntax.");
        return new ProposedPresentationContext(content[0], abstractSyntax, transferSyntaxes);
    }

    private static NegotiatedPresentationContext DecodeNegotiatedContext(byte[] content)
    {
        if (content.Length < 4) throw Invalid("Presentation context item too short.");
        var transferSyntax = "";
        foreach (var (type, sub) in Items(content.AsSpan(4)))
            if (type == TransferSyntaxItem) transferSyntax = Uid(sub);
        return new NegotiatedPresentationContext(content[0], (PresentationContextResult)content[2], transferSyntax);
    }

    private static UserInformation DecodeUserInformation(byte[] content)
    {
        uint? max = null;
        string? classUid = null;
        string? versionName = null;
        foreach (var (type, sub) in Items(content))
        {
            switch (type)
            {
                case MaximumLengthItem:
                    if (sub.Length != 4) throw Invalid("Maximum length sub-item must hold 4 bytes.");
                    max = BinaryPrimitives.ReadUInt32BigEndian(sub);
                    break;
                case ImplementationClassUidItem: classUid = Uid(sub); break;
                case ImplementationVersionNameItem: versionName = Uid(sub); break;
                // Asynchronous operations, role selection, extended negotiation, user identity: not negotiated here.
            }
        }
        if (max is null) throw Invalid("User information without maximum length sub-item.");
        return new UserInformation(max.Value, classUid ?? "", versionName);
    }
}
