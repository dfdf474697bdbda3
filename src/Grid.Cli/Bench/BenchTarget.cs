using Grid.Cli.Commands;
using Grid.Client;
using Grid.Hosting;

namespace Grid.Cli.Bench;

/// <summary>The grid under test: a running one at an endpoint, or an embedded one started in this process.</summary>
public sealed class BenchTarget : IAsyncDisposable
{
    private readonly EmbeddedGrid? embedded;

    private BenchTarget(GridClient client, string address, string backends, EmbeddedGrid? embedded)
    {
        Client = client;
        Address = address;
        Backends = backends;
        this.embedded = embedded;
    }

    public GridClient Client { get; }
    public string Address { get; }
    public bool IsEmbedded => embedded is not null;

    /// <summary>What stores the grid's tables, queue and objects, as far as the client can tell.</summary>
    public string Backends { get; }

    /// <param name="storage">Embedded grid only: <see cref="BenchStorage.Memory"/> or the durable default of <c>grid run</c>.</param>
    /// <param name="agentFolder">Scratch folder of the embedded agent; null keeps the agent's default.</param>
    public static async Task<BenchTarget> StartAsync(string? endpoint, BenchStorage storage, string? agentFolder, CancellationToken ct)
    {
        var deadline = TimeSpan.FromMinutes(10);
        if (endpoint is not null)
            return new BenchTarget(GridConnection.Open(endpoint, deadline), endpoint, "remote grid: backends as configured on the server", null);

        var options = new EmbeddedGridOptions { Port = 0, Quiet = true };
        string? dataFolder = null;
        if (storage == BenchStorage.Durable)
        {
            // As `grid run` does by default, in a fresh folder removed afterwards.
            dataFolder = Path.Combine(Path.GetTempPath(), $"grid-bench-{Guid.NewGuid():N}");
            options.DataFolder = dataFolder;
        }
        if (agentFolder is not null)
            options.Settings["Grid:Agent:DataFolder"] = Path.GetFullPath(agentFolder);
        var grid = await EmbeddedGrid.StartAsync(options, ct);
        var stores = storage == BenchStorage.Durable
            ? $"durable default of `grid run`: tables in memory with every change journaled, small data with them, larger data in files, in {dataFolder} (Grid:Storage:Durability {StorageDurabilityOf(options)}), in-memory queue"
            : "in-memory tables/queue, in-memory objects";
        var backends = $"embedded (control plane + agent + sample worker in this process): {stores}, agent scratch folder "
            + (agentFolder is null ? "at the agent's default" : $"in {Path.GetFullPath(agentFolder)}");
        return new BenchTarget(GridConnection.Open(grid.Address, deadline), grid.Address, backends, grid) { dataFolder = dataFolder };
    }

    private string? dataFolder;

    private static string StorageDurabilityOf(EmbeddedGridOptions options) =>
        Environment.GetEnvironmentVariable("Grid__Storage__Durability") ?? (options.Settings.TryGetValue("Grid:Storage:Durability", out var value) ? value : null) ?? "ProcessCrash";

    public async ValueTask DisposeAsync()
    {
        await Client.DisposeAsync();
        if (embedded is not null)
            await embedded.DisposeAsync();
        if (dataFolder is not null && Directory.Exists(dataFolder))
            Directory.Delete(dataFolder, recursive: true);
    }
}
