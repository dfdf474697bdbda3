using System.Net;
using System.Net.Sockets;

namespace Grid.FaultInjection.Tests;

/// <summary>
/// A TCP front on 127.0.0.1 for the control-plane replicas, as a load balancer would be: each connection goes
/// to the next replica that accepts it. <see cref="DropAll"/> resets every open connection, which is how the
/// test cuts the client off.
/// </summary>
internal sealed class TcpFront : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly IReadOnlyList<int> _backends;
    private readonly HashSet<Socket> _open = [];
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _accepting;
    private int _next;

    public TcpFront(IReadOnlyList<int> backendPorts)
    {
        _backends = backendPorts;
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public string Address => $"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}";

    /// <summary>Resets every connection open now (both sides see a broken connection); returns how many there were.</summary>
    public int DropAll()
    {
        Socket[] open;
        lock (_open) open = [.. _open];
        foreach (var socket in open)
        {
            try
            {
                socket.LingerState = new LingerOption(true, 0); // close with RST, not FIN: a cut, not a goodbye
                socket.Close();
            }
            catch (ObjectDisposedException)
            {
            }
        }
        return open.Length / 2;
    }

    private async Task AcceptAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _listener.AcceptSocketAsync(_stopping.Token);
            }
            catch (Exception) when (_stopping.IsCancellationRequested)
            {
                return;
            }
            _ = ServeAsync(client);
        }
    }

    private async Task ServeAsync(Socket client)
    {
        var backend = await ConnectToABackendAsync();
        if (backend is null)
        {
            client.Close();
            return;
        }
        lock (_open)
        {
            _open.Add(client);
            _open.Add(backend);
        }
        try
        {
            await Task.WhenAny(PumpAsync(client, backend), PumpAsync(backend, client));
        }
        finally
        {
            lock (_open)
            {
                _open.Remove(client);
                _open.Remove(backend);
            }
            client.Close();
            backend.Close();
        }
    }

    /// <summary>The next replica in turn that accepts a connection; null when none does.</summary>
    private async Task<Socket?> ConnectToABackendAsync()
    {
        for (var tried = 0; tried < _backends.Count; tried++)
        {
            var port = _backends[(int)((uint)Interlocked.Increment(ref _next) % _backends.Count)];
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(IPAddress.Loopback, port, _stopping.Token);
                return socket;
            }
            catch (SocketException)
            {
                socket.Dispose();
            }
        }
        return null;
    }

    private static async Task PumpAsync(Socket from, Socket to)
    {
        var buffer = new byte[64 * 1024];
        try
        {
            int read;
            while ((read = await from.ReceiveAsync(buffer, SocketFlags.None)) > 0)
                await to.SendAsync(buffer.AsMemory(0, read), SocketFlags.None);
            to.Shutdown(SocketShutdown.Send);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        _listener.Stop();
        await _accepting;
        DropAll();
        _stopping.Dispose();
    }
}
