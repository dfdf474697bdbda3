using System.Net;
using System.Net.Sockets;
using Grid.Dicom.Data;
using Grid.Dicom.Network;
using Grid.Dicom.Tests.Support;

namespace Grid.Dicom.Tests.Network;

/// <summary>
/// A peer's maximum PDU length bounds the PDV items of each P-DATA-TF PDU, 6 bytes of header each: 1 to 6 leave room
/// for no data and are refused with A-ABORT (logged); 7 carries one byte per PDU and must be served exactly so.
/// </summary>
public sealed class MaxPduLengthTests : IAsyncLifetime
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);
    private readonly TempFolder _temp = new();
    private readonly CapturingLogger _log = new();
    private DicomServer _server = null!;

    public Task InitializeAsync()
    {
        _server = new DicomServer(new DicomServerOptions
        {
            AeTitles = new HashSet<string> { "GRID_SCP" },
            ArtimTimeout = TimeSpan.FromSeconds(2),
            SpoolDirectory = _temp.Path,
        }, null, _log);
        _server.Start();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _temp.Dispose();
    }

    private async Task<(TcpClient Client, PduChannel Channel, Pdu Answer)> RequestAsync(uint maxPduLength)
    {
        var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, _server.Port);
        var channel = new PduChannel(client.GetStream());
        await channel.WriteAsync(PduCodec.Encode(new AssociateRequest("GRID_SCP", "TINY_PDU", DicomUids.ApplicationContext,
            [new ProposedPresentationContext(1, DicomUids.Verification, [DicomUids.ImplicitVRLittleEndian])],
            new UserInformation(maxPduLength, "1.2.3.4", "RAW"))), CancellationToken.None);
        var answer = await channel.ReadAsync(Deadline, CancellationToken.None);
        Assert.NotNull(answer);
        return (client, channel, answer);
    }

    [Theory]
    [InlineData(1u)]
    [InlineData(2u)]
    [InlineData(3u)]
    [InlineData(4u)]
    [InlineData(5u)]
    [InlineData(6u)]
    public async Task A_maximum_too_small_for_any_pdv_is_refused_with_an_abort_and_a_log_line(uint maxPduLength)
    {
        var (client, channel, answer) = await RequestAsync(maxPduLength);
        using (client)
        await using (channel)
        {
            Assert.Equal(PduType.Abort, answer.Type);
            Assert.Equal(new AbortPdu(AbortSource.ServiceProvider, AbortReason.InvalidPduParameterValue), PduCodec.DecodeAbort(answer.Body.Span));
            Assert.Null(await channel.ReadAsync(Deadline, CancellationToken.None));
        }
        await Waiting.UntilAsync(() => _log.Lines.Any(l => l.EventId == 4002), Deadline, "the protocol abort to be logged");
        var line = _log.Lines.Single(l => l.EventId == 4002).Message;
        Assert.Contains("TINY_PDU", line);
        Assert.Contains($"maximum PDU length of {maxPduLength}", line);
        Assert.Contains("127.0.0.1", line);
    }

    [Fact]
    public async Task A_maximum_of_7_gets_its_echo_response_one_byte_per_pdu()
    {
        var (client, channel, answer) = await RequestAsync(7);
        using var _ = client;
        await using var __ = channel;
        Assert.Equal(PduType.AssociateAccept, answer.Type);
        await channel.WriteAsync(PduCodec.EncodePData(1, isCommand: true, isLast: true, DimseCommand.EchoRequest(1).Encode()), CancellationToken.None);

        var response = new MemoryStream();
        while (true)
        {
            var pdu = await channel.ReadAsync(Deadline, CancellationToken.None);
            Assert.NotNull(pdu);
            Assert.Equal(PduType.PData, pdu.Type);
            Assert.True(pdu.Body.Length <= 7, $"a P-DATA-TF PDU of {pdu.Body.Length} bytes to a peer that takes at most 7");
            var pdv = Assert.Single(PduCodec.DecodePData(pdu.Body));
            response.Write(pdv.Data.Span);
            if (pdv.IsLast) break;
        }
        Assert.Equal(DicomStatus.Success, DimseCommand.Decode(response.ToArray()).Status);
        await channel.WriteAsync(PduCodec.EncodeReleaseRequest(), CancellationToken.None);
        Assert.Equal(PduType.ReleaseResponse, (await channel.ReadAsync(Deadline, CancellationToken.None))!.Type);
    }
}
