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

    /// <param name="agentFolder">Scratch folder of the embedded agent; null keeps the agent's default.</param>
    public static async Task<BenchTarget> StartAsync(string? endpoint, string? agentFolder, CancellationToken ct)
    {
        var deadline = TimeSpan.FromMinutes(10);
        if (endpoint is not null)
            return new BenchTarget(GridConnection.Open(endpoint, deadline), endpoint, "remote grid: backends as configured on the server", null);

        var options = new EmbeddedGridOptions { Port = 0, Quiet = true };
        if (agentFolder is not null)
            options.Settings["Grid:Agent:DataFolder"] = Path.GetFullPath(agentFolder);
        var grid = await EmbeddedGrid.StartAsync(options, ct);
        var backends = "embedded (control plane + agent + sample worker in this process): in-memory tables/queue, in-memory objects, agent scratch folder "
            + (agentFolder is null ? "at the agent's default (temp folder)" : $"in {Path.GetFullPath(agentFolder)}");
        return new BenchTarget(GridConnection.Open(grid.Address, deadline), grid.Address, backends, grid);
    }

    public async ValueTask DisposeAsync()
    {
        await Client.DisposeAsync();
        if (embedded is not null)
            await embedded.DisposeAsync();
    }
}
