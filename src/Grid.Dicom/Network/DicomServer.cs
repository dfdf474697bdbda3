using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Grid.Dicom.Network;

/// <summary>
/// A DICOM provider (SCP) for C-ECHO and C-STORE, serving several associations at once. Rejected associations,
/// aborts and dropped connections are logged to <paramref name="logger"/> with the peer's address and AE titles.
/// </summary>
public sealed class DicomServer(DicomServerOptions options, IDicomStoreHandler? storeHandler = null, ILogger? logger = null) : IAsyncDisposable
{
    private readonly CancellationTokenSource _stopping = new();
    private readonly ConcurrentDictionary<Task, byte> _connections = new();
    private readonly AssociationSlots _slots = new(options.MaxAssociations, options.MaxUnassociatedConnections);
    private readonly ILogger _logger = logger ?? NullLogger.Instance;
    private TcpListener? _listener;
    private Task? _acceptLoop;

    public DicomServerStatistics Statistics { get; } = new();

    /// <summary>The bound port (useful with <see cref="DicomServerOptions.Port"/> 0).</summary>
    public int Port => _listener is { } l ? ((IPEndPoint)l.LocalEndpoint).Port : throw new InvalidOperationException("Not started.");

    public void Start()
    {
        if (_listener is not null) throw new InvalidOperationException("Already started.");
        _listener = new TcpListener(options.Address, options.Port);
        _listener.Start();
        _acceptLoop = AcceptLoopAsync(_listener, _stopping.Token);
    }

    private async Task AcceptLoopAsync(TcpListener listener, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await listener.AcceptTcpClientAsync(cancellationToken);
            }
            catch (OperationCanceledException) { return; }
            catch (ObjectDisposedException) { return; }
            catch (SocketException) { continue; }

            client.NoDelay = true;
            var association = new ServerAssociation(client, options, storeHandler, Statistics, _slots, _logger);
            var task = Task.Run(() => association.RunAsync(cancellationToken), CancellationToken.None);
            _connections.TryAdd(task, 0);
            _ = task.ContinueWith(t => _connections.TryRemove(t, out _), TaskScheduler.Default);
        }
    }

    /// <summary>Stops listening and aborts the associations still open.</summary>
    public async Task StopAsync()
    {
        if (_stopping.IsCancellationRequested) return;
        _stopping.Cancel();
        _listener?.Stop();
        if (_acceptLoop is not null) await _acceptLoop;
        await Task.WhenAll(_connections.Keys);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _stopping.Dispose();
    }
}
