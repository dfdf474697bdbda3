using Grid.Dicom.Data;
using Grid.Dicom.Network;

namespace Grid.Dicom.Tests.Network;

public sealed class PduCodecTests
{
    [Fact]
    public void Associate_request_round_trips()
    {
        var request = new AssociateRequest("CALLED", "CALLING", DicomUids.ApplicationContext,
            [new ProposedPresentationContext(1, DicomUids.CTImageStorage, [DicomUids.ExplicitVRLittleEndian, DicomUids.ImplicitVRLittleEndian])],
            new UserInformation(32768, DicomUids.ImplementationClassUid, "VERSION"));
        var pdu = PduCodec.Encode(request);
        var decoded = PduCodec.DecodeAssociateRequest(pdu.AsSpan(6));
        Assert.Equal("CALLED", decoded.CalledAeTitle);
        Assert.Equal("CALLING", decoded.CallingAeTitle);
        Assert.Equal(32768u, decoded.UserInformation.MaxPduLength);
        Assert.Equal("VERSION", decoded.UserInformation.ImplementationVersionName);
        Assert.Equal(request.PresentationContexts[0].TransferSyntaxes, decoded.PresentationContexts[0].TransferSyntaxes);
    }

    [Fact]
    public void P_data_fragments_carry_flags()
    {
        var pdu = PduCodec.EncodePData(5, isCommand: false, isLast: true, new byte[] { 1, 2, 3 });
        var pdv = Assert.Single(PduCodec.DecodePData(pdu.AsMemory(6)));
        Assert.Equal(5, pdv.PresentationContextId);
        Assert.False(pdv.IsCommand);
        Assert.True(pdv.IsLast);
        Assert.Equal(new byte[] { 1, 2, 3 }, pdv.Data.ToArray());
    }

    [Theory]
    [InlineData(new byte[] { 0, 0, 0, 1, 1, 3 })]            // PDV length below 2
    [InlineData(new byte[] { 0, 0, 0, 9, 1, 3, 0 })]         // PDV longer than the PDU
    [InlineData(new byte[] { 0, 0, 0, 2, 2, 3 })]            // even presentation context ID
    [InlineData(new byte[] { })]                             // no PDV
    public void Invalid_p_data_is_refused(byte[] body) =>
        Assert.Throws<PduProtocolException>(() => PduCodec.DecodePData(body));

    [Fact]
    public void Fixed_length_pdus_must_have_exactly_four_bytes()
    {
        Assert.Throws<PduProtocolException>(() => PduCodec.DecodeAbort(new byte[5]));
        Assert.Throws<PduProtocolException>(() => PduCodec.DecodeRelease(new byte[3], "A-RELEASE-RQ"));
        Assert.Throws<PduProtocolException>(() => PduCodec.DecodeAssociateRequest(new byte[40]));
    }
}
