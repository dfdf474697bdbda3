using System.Net;
using System.Net.Sockets;
using Grid.Dicom.Data;
using Grid.Dicom.Network;
using Grid.Dicom.Tests.Support;
using Microsoft.Extensions.Logging;

namespace Grid.Dicom.Tests.Network;

/// <summary>Rejected associations and aborts are logged with who (calling and called AE), from where, and why.</summary>
public sealed class ServerLogTests : IAsyncLifetime
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
            AllowedCallingAeTitles = new HashSet<string> { "FRIEND", "HOLDER" },
            MaxAssociations = 1,
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

    private Dcmtk.Result Echo(string called, string calling) =>
        Dcmtk.Run("echoscu", ["-aec", called, "-aet", calling, "-to", "5", "-ta", "5", "127.0.0.1", _server.Port.ToString()]);

    private async Task<CapturingLogger.Line> LoggedAsync(int eventId, string containing)
    {
        await Waiting.UntilAsync(() => _log.Lines.Any(l => l.EventId == eventId && l.Message.Contains(containing)), Deadline,
            $"a log line {eventId} with '{containing}'; logged:\n{_log.Describe()}");
        return _log.Lines.First(l => l.EventId == eventId && l.Message.Contains(containing));
    }

    [Fact]
    public async Task An_unknown_called_ae_title_is_logged()
    {
        Assert.NotEqual(0, Echo("NOT_ME", "FRIEND").ExitCode);
        var line = await LoggedAsync(4001, "NOT_ME");
        Assert.Equal(LogLevel.Warning, line.Level);
        Assert.Equal("DICOM association from FRIEND at 127.0.0.1", line.Message[..line.Message.IndexOf(':')]);
        Assert.Contains("called AE title NOT_ME is not served on this port", line.Message);
    }

    [Fact]
    public async Task A_calling_ae_title_not_allowed_is_logged()
    {
        Assert.NotEqual(0, Echo("GRID_SCP", "STRANGER").ExitCode);
        var line = await LoggedAsync(4001, "STRANGER");
        Assert.Contains("127.0.0.1", line.Message);
        Assert.Contains("calling AE title STRANGER is not allowed to send to GRID_SCP", line.Message);
    }

    [Fact]
    public async Task An_association_over_the_limit_is_logged()
    {
        await using var holder = await DicomClientAssociation.ConnectAsync(
            new DicomClientOptions { Host = "127.0.0.1", Port = _server.Port, CalledAeTitle = "GRID_SCP", CallingAeTitle = "HOLDER" },
            [(DicomUids.Verification, [DicomUids.ImplicitVRLittleEndian])]);

        var echo = Echo("GRID_SCP", "FRIEND");

        Assert.NotEqual(0, echo.ExitCode);
        var line = await LoggedAsync(4001, "FRIEND");
        Assert.Contains("1 associations are open already, the limit", line.Message);
        await holder.ReleaseAsync();
    }

    [Fact]
    public async Task A_protocol_error_abort_is_logged()
    {
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, _server.Port);
        await client.GetStream().WriteAsync(new byte[] { 0x42, 0, 0, 0, 0, 0 });

        var line = await LoggedAsync(4002, "Unknown PDU type 0x42");
        Assert.Contains("127.0.0.1", line.Message);
    }

    [Fact]
    public async Task An_abort_by_the_peer_is_logged()
    {
        var association = await DicomClientAssociation.ConnectAsync(
            new DicomClientOptions { Host = "127.0.0.1", Port = _server.Port, CalledAeTitle = "GRID_SCP", CallingAeTitle = "FRIEND" },
            [(DicomUids.Verification, [DicomUids.ImplicitVRLittleEndian])]);
        await association.AbortAsync();

        var line = await LoggedAsync(4005, "FRIEND");
        Assert.Equal(LogLevel.Information, line.Level);
    }
}
