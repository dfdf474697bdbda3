using System.Net;
using System.Net.Sockets;
using Grid.Dicom.Tests.Support;

namespace Grid.Workflows.Dicom.Tests;

/// <summary>Idle connections to an ingest port neither lock out senders nor stay long; the limits come from configuration.</summary>
[Collection("dicom-grid")]
public sealed class IngestConnectionTests(GridFixture fixture) : IDisposable
{
    private readonly TempFolder _temp = new();
    private readonly List<TcpClient> _idle = [];

    public void Dispose()
    {
        foreach (var client in _idle) client.Dispose();
        _temp.Dispose();
    }

    private async Task OpenIdleAsync(int port, int count)
    {
        for (var i = 0; i < count; i++)
        {
            var client = new TcpClient();
            await client.ConnectAsync(IPAddress.Loopback, port);
            _idle.Add(client);
        }
    }

    [Fact]
    public async Task A_hundred_idle_connections_do_not_stop_echoscu()
    {
        await using var host = await ManagerHost.StartAsync(fixture.Grid.Address, _temp.Sub("manager"), ManagerHost.AeTitle(0, "GRID_BUSY", TimeSpan.FromSeconds(1)));
        var port = host.Ingest.PortOf("GRID_BUSY");
        await OpenIdleAsync(port, 100);

        var echo = Dcmtk.Run("echoscu", ["-aec", "GRID_BUSY", "-aet", "MODALITY", "-to", "5", "-ta", "5", "127.0.0.1", port.ToString()]);

        Assert.True(echo.ExitCode == 0, echo.Describe());
    }

    [Fact]
    public async Task The_artim_timeout_and_the_limits_are_read_from_configuration()
    {
        var settings = ManagerHost.AeTitle(0, "GRID_LIMITS", TimeSpan.FromSeconds(1));
        settings["Grid:Workflows:Dicom:ArtimTimeout"] = "00:00:00.500";
        settings["Grid:Workflows:Dicom:MaxAssociations"] = "1";
        await using var host = await ManagerHost.StartAsync(fixture.Grid.Address, _temp.Sub("manager"), settings);
        var port = host.Ingest.PortOf("GRID_LIMITS");
        await OpenIdleAsync(port, 1);

        using (var read = new CancellationTokenSource(TimeSpan.FromSeconds(10)))
            Assert.Equal(0, await _idle[0].GetStream().ReadAsync(new byte[16], read.Token));

        await using var holder = await Grid.Dicom.Network.DicomClientAssociation.ConnectAsync(
            new Grid.Dicom.Network.DicomClientOptions { Host = "127.0.0.1", Port = port, CalledAeTitle = "GRID_LIMITS" },
            [(Grid.Dicom.Data.DicomUids.Verification, [Grid.Dicom.Data.DicomUids.ImplicitVRLittleEndian])]);
        var second = Dcmtk.Run("echoscu", ["-aec", "GRID_LIMITS", "-aet", "MODALITY", "-to", "5", "-ta", "5", "127.0.0.1", port.ToString()]);
        Assert.NotEqual(0, second.ExitCode);
        Assert.Contains("Local Limit Exceeded", second.StandardError + second.StandardOutput, StringComparison.OrdinalIgnoreCase);
        await holder.ReleaseAsync();
    }
}
