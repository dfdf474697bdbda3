using System.Net;
using System.Net.Sockets;
using Grid.Agent;
using Grid.Backends;
using Grid.Core.Operations;
using Grid.ControlPlane.Hosting;
using Grid.Core;
using Grid.Core.Storage;
using Grid.Samples;
using Grid.Worker;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Grid.Hosting;

/// <summary>
/// The whole grid in one process on 127.0.0.1 (h2c): control plane, one polling agent and the
/// sample worker, sharing the embedded storage. The agent still calls the worker over gRPC, as it
/// would across processes.
/// </summary>
public sealed class EmbeddedGrid : IAsyncDisposable
{
    private readonly WebApplication _app;

    private EmbeddedGrid(WebApplication app, string address)
    {
        _app = app;
        Address = address;
    }

    /// <summary>http://127.0.0.1:PORT, the address of every service.</summary>
    public string Address { get; }

    /// <summary>The storage the grid runs on (for tests and diagnostics).</summary>
    public GridStorage Storage => _app.Services.GetRequiredService<GridStorage>();

    public static async Task<EmbeddedGrid> StartAsync(EmbeddedGridOptions options, CancellationToken cancellationToken = default)
    {
        var port = options.Port == 0 ? FreePort() : options.Port;
        var address = $"http://127.0.0.1:{port}";
        var builder = WebApplication.CreateSlimBuilder();
        var settings = new Dictionary<string, string?>
        {
            ["Grid:Agent:WorkerAddress"] = address,
            ["Grid:Agent:Concurrency"] = options.AgentConcurrency.ToString(),
            ["Grid:Worker:AgentAddress"] = address,
            // The agent is this process: nothing to outlive.
            ["Grid:Worker:WaitForAgentOnStop"] = "false",
        };
        if (options.DataFolder is not null)
        {
            // Durable by default: the tables in memory with every change journaled, small result data with them, larger
            // data in files, all in the data folder. A folder that a grid of an earlier version kept in SQLite stays on it.
            settings["Grid:Agent:DataFolder"] = Path.Combine(options.DataFolder, "agent");
            if (File.Exists(Path.Combine(options.DataFolder, "grid.db")))
            {
                settings["Grid:Storage:Tables:Kind"] = "Sqlite";
                settings["Grid:Storage:Tables:Sqlite:DataFolder"] = options.DataFolder;
            }
            else
            {
                settings["Grid:Storage:Tables:Kind"] = "Journal";
                settings["Grid:Storage:Tables:Journal:Folder"] = Path.Combine(options.DataFolder, "journal");
            }
            settings["Grid:Storage:Objects:Kind"] = "FileSystem";
            settings["Grid:Storage:Objects:FileSystem:Folder"] = Path.Combine(options.DataFolder, "objects");
        }
        foreach (var (key, value) in options.Settings) settings[key] = value;
        // Only these settings and Grid__* environment variables: an appsettings.json that happens to sit
        // in the working folder (the control plane's is copied next to every program that uses it) must
        // not add endpoints or backends to the one-process grid.
        builder.Configuration.Sources.Clear();
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Configuration.AddEnvironmentVariables();

        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Loopback, port, listen => listen.Protocols = HttpProtocols.Http2);
            kestrel.Limits.Http2.MaxStreamsPerConnection = 1000;
            kestrel.Limits.Http2.InitialConnectionWindowSize = 4 << 20;
            kestrel.Limits.Http2.InitialStreamWindowSize = 1 << 20;
        });
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(o => o.SingleLine = true);
        builder.Logging.SetMinimumLevel(options.Quiet ? LogLevel.Warning : LogLevel.Information);
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);

        var storage = await GridStorageFactory.OpenAsync(builder.Configuration, cancellationToken).ConfigureAwait(false);
        builder.Services.AddGridStorage(storage);
        builder.Services.AddGridControlPlane(builder.Configuration);
        builder.Services.AddGridAgent(builder.Configuration);
        foreach (var extension in options.Extensions)
            extension.ConfigureServices(builder.Services, builder.Configuration, new EmbeddedGridEnvironment(address, options.DataFolder));
        builder.Services.AddGridWorker<SampleTaskHandler>(builder.Configuration);

        var app = builder.Build();
        app.MapGridControlPlane();
        app.MapGridAgent();
        app.MapGridWorker();
        foreach (var extension in options.Extensions)
            extension.Map(app);

        // This process is the grid's only agent: whatever a previous run held is taken back, and the
        // Submitted tasks are queued again (the queue lives in memory), before the agent starts.
        var (takenBack, requeued) = await app.Services.GetRequiredService<DispatchRecovery>().RecoverAsync(takeBackHeldTasks: true, cancellationToken).ConfigureAwait(false);
        if (takenBack + requeued > 0)
            app.Logger.LogInformation("Resumed the previous run: {TakenBack} interrupted tasks taken back, {Requeued} tasks queued again", takenBack, requeued);
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        return new EmbeddedGrid(app, address);
    }

    /// <summary>Completes when the process is asked to stop (Ctrl+C, SIGTERM).</summary>
    public Task WaitForShutdownAsync(CancellationToken cancellationToken = default) => _app.WaitForShutdownAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        var storage = Storage;
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
        // The storage was made before the services (they did not create it, so they do not close it): closing it
        // releases the data folder for the next grid of this process.
        foreach (var part in new object[] { storage.Sessions, storage.Tasks, storage.Results, storage.Events, storage.Queue, storage.Objects }.Distinct())
            if (part is IAsyncDisposable disposable) await disposable.DisposeAsync().ConfigureAwait(false);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
