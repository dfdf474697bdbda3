using System.Net;
using System.Net.Sockets;
using Grid.Dicom.Network;
using Grid.Dicom.Tests.Support;

namespace Grid.Dicom.Tests.Network;

/// <summary>Connections that never send A-ASSOCIATE-RQ take no association slot, and the oldest of them make room.</summary>
public sealed class ConnectionLimitTests : IDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);
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

    private static Dcmtk.Result Echo(int port) =>
        Dcmtk.Run("echoscu", ["-aec", "GRID_SCP", "-aet", "ECHOSCU", "-to", "5", "-ta", "5", "127.0.0.1", port.ToString()]);

    [Fact]
    public async Task A_hundred_idle_connections_do_not_stop_echoscu()
    {
        // Default limits: 64 associations; idle connections are accepted before echoscu's (the listener takes them in order).
        await using var server = new DicomServer(new DicomServerOptions { AeTitles = new HashSet<string> { "GRID_SCP" }, SpoolDirectory = _temp.Path });
        server.Start();
        await OpenIdleAsync(server.Port, 100);

        var echo = Echo(server.Port);

        Assert.True(echo.ExitCode == 0, echo.Describe());
        Assert.Equal(0, server.Statistics.Rejected);
    }

    [Fact]
    public async Task Past_the_limit_of_unassociated_connections_the_oldest_is_closed_first()
    {
        await using var server = new DicomServer(new DicomServerOptions
        {
            AeTitles = new HashSet<string> { "GRID_SCP" },
            SpoolDirectory = _temp.Path,
            ArtimTimeout = TimeSpan.FromMinutes(1),
            MaxUnassociatedConnections = 4,
        });
        server.Start();
        await OpenIdleAsync(server.Port, 5);

        // Long before ARTIM, the first connection is closed to make room for the fifth.
        using var read = new CancellationTokenSource(Deadline);
        Assert.Equal(0, await _idle[0].GetStream().ReadAsync(new byte[16], read.Token));
        var echo = Echo(server.Port);
        Assert.True(echo.ExitCode == 0, echo.Describe());
    }

    [Fact]
    public async Task Connections_silent_for_the_artim_timeout_are_closed()
    {
        await using var server = new DicomServer(new DicomServerOptions
        {
            AeTitles = new HashSet<string> { "GRID_SCP" },
            SpoolDirectory = _temp.Path,
            ArtimTimeout = TimeSpan.FromMilliseconds(500),
        });
        server.Start();
        await OpenIdleAsync(server.Port, 3);

        using var read = new CancellationTokenSource(Deadline);
        foreach (var client in _idle)
            Assert.Equal(0, await client.GetStream().ReadAsync(new byte[16], read.Token));
    }

    [Fact]
    public void The_default_artim_timeout_is_short()
    {
        Assert.InRange(new DicomServerOptions().ArtimTimeout, TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(10));
    }
}
