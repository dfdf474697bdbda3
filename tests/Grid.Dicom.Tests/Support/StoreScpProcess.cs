using System.Diagnostics;
using Grid.Dicom.Data;
using Grid.Dicom.Network;

namespace Grid.Dicom.Tests.Support;

/// <summary>dcmtk storescp on a free port, writing into a folder; killed on dispose.</summary>
public sealed class StoreScpProcess : IAsyncDisposable
{
    private readonly Process _process;

    public int Port { get; }
    public string OutputFolder { get; }
    public const string AeTitle = "STORESCP";

    private StoreScpProcess(Process process, int port, string outputFolder)
    {
        _process = process;
        Port = port;
        OutputFolder = outputFolder;
    }

    /// <summary>
    /// Starts storescp on <paramref name="port"/> (default: a free one) and waits until it answers C-ECHO.
    /// <paramref name="transferSyntaxes"/> is storescp's option of the syntaxes it accepts: every one (+xa), or e.g.
    /// implicit VR little endian only (+xi).
    /// </summary>
    public static async Task<StoreScpProcess> StartAsync(string outputFolder, int? port = null, string transferSyntaxes = "+xa")
    {
        port ??= Waiting.FreePort();
        // dcmtk 3.6.7's storescp has no option to bind one address; it listens on all, tests only talk to 127.0.0.1.
        var process = Dcmtk.Start("storescp", [transferSyntaxes, "-aet", AeTitle, "-od", outputFolder, "-dhl", "-ta", "10", "-fe", ".dcm", port.ToString()]);
        var scp = new StoreScpProcess(process, port.Value, outputFolder);
        try
        {
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
            while (true)
            {
                if (process.HasExited) throw new InvalidOperationException($"storescp exited: {process.StandardError.ReadToEnd()}");
                try
                {
                    await using var association = await DicomClientAssociation.ConnectAsync(scp.ClientOptions(),
                        [(DicomUids.Verification, [DicomUids.ImplicitVRLittleEndian])]);
                    await association.EchoAsync();
                    await association.ReleaseAsync();
                    return scp;
                }
                catch (Exception e) when (e is System.Net.Sockets.SocketException or DicomAssociationException or IOException)
                {
                    if (DateTime.UtcNow > deadline) throw new TimeoutException("storescp did not start answering C-ECHO.", e);
                    await Task.Delay(50);
                }
            }
        }
        catch
        {
            await scp.DisposeAsync();
            throw;
        }
    }

    public DicomClientOptions ClientOptions() => new()
    {
        Host = "127.0.0.1", Port = Port, CalledAeTitle = AeTitle, CallingAeTitle = "GRID_TEST",
        ConnectTimeout = TimeSpan.FromSeconds(5), ArtimTimeout = TimeSpan.FromSeconds(10), DimseTimeout = TimeSpan.FromSeconds(30),
    };

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited) _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromSeconds(10)).Token);
        }
        catch (InvalidOperationException) { }
        _process.Dispose();
    }
}
