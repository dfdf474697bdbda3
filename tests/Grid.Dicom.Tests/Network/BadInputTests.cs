using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using Grid.Dicom.Data;
using Grid.Dicom.Network;
using Grid.Dicom.Tests.Support;

namespace Grid.Dicom.Tests.Network;

/// <summary>Broken PDUs sent with a raw TcpClient: the provider aborts, closes, and keeps serving others.</summary>
public sealed class BadInputTests : IAsyncLifetime
{
    private readonly TempFolder _temp = new();
    private RecordingStoreHandler _handler = null!;
    private DicomServer _server = null!;

    public Task InitializeAsync()
    {
        _handler = new RecordingStoreHandler(_temp.Path);
        _server = new DicomServer(new DicomServerOptions
        {
            AeTitles = new HashSet<string> { "GRID_SCP" },
            ArtimTimeout = TimeSpan.FromSeconds(1),
            IdleTimeout = TimeSpan.FromSeconds(2),
            SpoolDirectory = _temp.Sub("spool"),
        }, _handler);
        _server.Start();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _temp.Dispose();
    }

    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);

    private async Task<TcpClient> ConnectAsync()
    {
        var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, _server.Port);
        return client;
    }

    /// <summary>Everything the provider sends until it closes the connection.</summary>
    private static async Task<byte[]> ReadUntilClosedAsync(TcpClient client)
    {
        using var deadline = new CancellationTokenSource(Deadline);
        var received = new MemoryStream();
        var buffer = new byte[4096];
        while (true)
        {
            int read;
            try { read = await client.Client.ReceiveAsync(buffer, SocketFlags.None, deadline.Token); }
            catch (SocketException) { break; }
            if (read == 0) break;
            received.Write(buffer, 0, read);
        }
        return received.ToArray();
    }

    private static void AssertAbort(byte[] received, AbortReason reason)
    {
        Assert.True(received.Length >= 10, $"Expected an A-ABORT, got {received.Length} bytes.");
        var abort = received[^10..];
        Assert.Equal((byte)PduType.Abort, abort[0]);
        Assert.Equal(4u, BinaryPrimitives.ReadUInt32BigEndian(abort.AsSpan(2)));
        Assert.Equal((byte)AbortSource.ServiceProvider, abort[8]);
        Assert.Equal((byte)reason, abort[9]);
    }

    private async Task AssertStillServingAsync()
    {
        await using var association = await DicomClientAssociation.ConnectAsync(
            new DicomClientOptions { Host = "127.0.0.1", Port = _server.Port, CalledAeTitle = "GRID_SCP", ArtimTimeout = Deadline, DimseTimeout = Deadline },
            [(DicomUids.Verification, [DicomUids.ImplicitVRLittleEndian])]);
        Assert.Equal(DicomStatus.Success, await association.EchoAsync());
        await association.ReleaseAsync();
    }

    private static byte[] ValidRequest(ushort version = 1) => PduCodec.Encode(new AssociateRequest("GRID_SCP", "RAW", DicomUids.ApplicationContext,
        [
            new ProposedPresentationContext(1, DicomUids.Verification, [DicomUids.ImplicitVRLittleEndian]),
            new ProposedPresentationContext(3, DicomUids.CTImageStorage, [DicomUids.ImplicitVRLittleEndian]),
        ],
        new UserInformation(16384, "1.2.3.4", "RAW"), version));

    private async Task<(TcpClient Client, PduChannel Channel)> AssociateRawAsync()
    {
        var client = await ConnectAsync();
        var channel = new PduChannel(client.GetStream());
        await channel.WriteAsync(ValidRequest(), CancellationToken.None);
        var answer = await channel.ReadAsync(Deadline, CancellationToken.None);
        Assert.Equal(PduType.AssociateAccept, answer!.Type);
        return (client, channel);
    }

    [Fact]
    public async Task Unknown_pdu_type_is_aborted()
    {
        using var client = await ConnectAsync();
        await client.GetStream().WriteAsync(new byte[] { 0x09, 0, 0, 0, 0, 4, 0, 0, 0, 0 });
        AssertAbort(await ReadUntilClosedAsync(client), AbortReason.UnrecognizedPdu);
        await AssertStillServingAsync();
    }

    [Fact]
    public async Task Truncated_pdu_is_aborted()
    {
        using var client = await ConnectAsync();
        var request = ValidRequest();
        await client.GetStream().WriteAsync(request.AsMemory(0, 50));
        client.Client.Shutdown(SocketShutdown.Send);
        var received = await ReadUntilClosedAsync(client);
        AssertAbort(received, AbortReason.InvalidPduParameterValue);
        await AssertStillServingAsync();
    }

    [Fact]
    public async Task Associate_request_whose_length_cuts_its_items_is_aborted()
    {
        using var client = await ConnectAsync();
        var request = ValidRequest();
        var shortened = request[..^7];
        BinaryPrimitives.WriteUInt32BigEndian(shortened.AsSpan(2), (uint)(shortened.Length - 6));
        await client.GetStream().WriteAsync(shortened);
        AssertAbort(await ReadUntilClosedAsync(client), AbortReason.InvalidPduParameterValue);
        await AssertStillServingAsync();
    }

    [Fact]
    public async Task Release_request_with_wrong_length_is_aborted()
    {
        var (client, channel) = await AssociateRawAsync();
        using (client)
        {
            await client.GetStream().WriteAsync(new byte[] { 0x05, 0, 0, 0, 0, 6, 0, 0, 0, 0, 0, 0 });
            AssertAbort(await ReadUntilClosedAsync(client), AbortReason.InvalidPduParameterValue);
        }
        await AssertStillServingAsync();
    }

    [Fact]
    public async Task Pdv_longer_than_its_pdu_is_aborted()
    {
        var (client, _) = await AssociateRawAsync();
        using (client)
        {
            // P-DATA-TF of 8 bytes whose PDV claims 100.
            await client.GetStream().WriteAsync(new byte[] { 0x04, 0, 0, 0, 0, 8, 0, 0, 0, 100, 1, 0x03, 0, 0 });
            AssertAbort(await ReadUntilClosedAsync(client), AbortReason.InvalidPduParameterValue);
        }
        await AssertStillServingAsync();
    }

    [Fact]
    public async Task Half_received_store_is_never_handed_to_the_callback()
    {
        var (client, channel) = await AssociateRawAsync();
        using (client)
        {
            var command = DimseCommand.StoreRequest(1, DicomUids.CTImageStorage, "1.2.3.4.5.6.7").Encode();
            await channel.WriteAsync(PduCodec.EncodePData(3, true, true, command), CancellationToken.None);
            await channel.WriteAsync(PduCodec.EncodePData(3, false, false, new byte[] { 0x08, 0x00, 0x18, 0x00 }), CancellationToken.None);
            // The peer vanishes mid data set.
            client.Client.Shutdown(SocketShutdown.Both);
        }
        await Waiting.UntilAsync(() => _server.Statistics.Aborted >= 1, Deadline, "the provider to drop the association");
        await AssertStillServingAsync();
        Assert.Empty(_handler.Instances);
        Assert.Empty(Directory.GetFiles(Path.Combine(_temp.Path, "spool")));
    }

    [Fact]
    public async Task Silent_peer_is_dropped_after_artim_and_idle_association_is_aborted()
    {
        using (var silent = await ConnectAsync())
            Assert.Empty(await ReadUntilClosedAsync(silent));

        var (client, _) = await AssociateRawAsync();
        using (client)
            AssertAbort(await ReadUntilClosedAsync(client), AbortReason.NotSpecified);
        await AssertStillServingAsync();
    }

    [Fact]
    public async Task Unsupported_protocol_version_is_rejected()
    {
        using var client = await ConnectAsync();
        await client.GetStream().WriteAsync(ValidRequest(version: 2));
        var received = await ReadUntilClosedAsync(client);
        Assert.Equal((byte)PduType.AssociateReject, received[0]);
        Assert.Equal(new AssociateReject(RejectResult.Permanent, RejectSource.ServiceProviderAcse, RejectReasons.ProtocolVersionNotSupported),
            PduCodec.DecodeAssociateReject(received.AsSpan(6, 4)));
    }
}
