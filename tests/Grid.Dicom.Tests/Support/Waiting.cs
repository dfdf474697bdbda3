using System.Net;
using System.Net.Sockets;

namespace Grid.Dicom.Tests.Support;

public static class Waiting
{
    /// <summary>Polls until the condition holds; fails after the deadline.</summary>
    public static async Task UntilAsync(Func<bool> condition, TimeSpan deadline, string what)
    {
        var until = DateTime.UtcNow + deadline;
        while (!condition())
        {
            if (DateTime.UtcNow > until) throw new TimeoutException($"Timed out waiting for {what}.");
            await Task.Delay(20);
        }
    }

    public static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    public static async Task UntilPortOpenAsync(int port, TimeSpan deadline)
    {
        await UntilAsync(() =>
        {
            try
            {
                using var client = new TcpClient();
                client.Connect(IPAddress.Loopback, port);
                return true;
            }
            catch (SocketException) { return false; }
        }, deadline, $"port {port} to accept connections");
    }
}
