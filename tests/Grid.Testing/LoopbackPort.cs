using System.Net;
using System.Net.Sockets;

namespace Grid.Testing;

public static class LoopbackPort
{
    /// <summary>A port on 127.0.0.1 that nobody listens on now (the system picks it).</summary>
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
