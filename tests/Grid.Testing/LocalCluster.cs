namespace Grid.Testing;

/// <summary>
/// Control-plane replicas and agents, each agent beside its own sample worker, every one its own OS process,
/// serving one partition of their own (messages left in shared queues by other runs never reach them).
/// </summary>
public sealed class LocalCluster : IAsyncDisposable
{
    private readonly List<ServiceProcess> _controlPlanes = [];
    private readonly List<(ServiceProcess Agent, ServiceProcess Worker)> _agents = [];

    private LocalCluster(string partition) => Partition = partition;

    public string Partition { get; }
    public IReadOnlyList<ServiceProcess> ControlPlanes => _controlPlanes;
    public IReadOnlyList<(ServiceProcess Agent, ServiceProcess Worker)> Agents => _agents;

    /// <param name="settings">Added to the settings of every process but the workers (storage, leases...).</param>
    public static async Task<LocalCluster> StartAsync(int controlPlanes, int agents, Dictionary<string, string> settings, CancellationToken ct)
    {
        settings = Merge(settings, Stamped);
        var cluster = new LocalCluster($"cluster-{Guid.NewGuid():N}"[..20]);
        try
        {
            for (var i = 0; i < controlPlanes; i++)
                cluster._controlPlanes.Add(ServiceProcess.Start($"control-plane-{i}", "Grid.ControlPlane.dll", LoopbackPort.Free(),
                    Merge(settings, new() { ["Grid:Partitions:0:Id"] = cluster.Partition, ["Logging:LogLevel:Default"] = "Warning" })));
            for (var i = 0; i < agents; i++)
            {
                var (agentPort, workerPort) = (LoopbackPort.Free(), LoopbackPort.Free());
                var agent = ServiceProcess.Start($"agent-{i}", "Grid.Agent.dll", agentPort, Merge(settings, new()
                {
                    ["Grid:Agent:AgentId"] = $"{cluster.Partition}-agent-{i}",
                    ["Grid:Agent:Partitions:0"] = cluster.Partition,
                    ["Grid:Agent:WorkerAddress"] = $"http://127.0.0.1:{workerPort}",
                    ["Grid:Agent:DataFolder"] = Path.Combine(Path.GetTempPath(), $"grid-{cluster.Partition}-agent-{i}"),
                    ["Logging:LogLevel:Default"] = "Warning",
                }));
                var worker = ServiceProcess.Start($"worker-{i}", "Grid.Samples.dll", workerPort, new Dictionary<string, string>(Stamped)
                {
                    ["Grid:Worker:AgentAddress"] = $"http://127.0.0.1:{agentPort}",
                    ["Logging:LogLevel:Default"] = "Warning",
                });
                cluster._agents.Add((agent, worker));
            }
            await Task.WhenAll(cluster.All.Select(p => p.WaitUntilListeningAsync(ct)));
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    /// <summary>Every log line carries the clock time, to line it up with the test's own account.</summary>
    private static readonly Dictionary<string, string> Stamped = new() { ["Logging:Console:TimestampFormat"] = "HH:mm:ss.fff " };

    private IEnumerable<ServiceProcess> All => _controlPlanes.Concat(_agents.SelectMany(a => new[] { a.Agent, a.Worker }));

    /// <summary>The last <paramref name="tail"/> characters of every process's output, for a failure message.</summary>
    public string Diagnostics(int tail = 20_000) => string.Join("\n", All.Select(p => $"--- {p.Name}\n{(p.Output.Length <= tail ? p.Output : "[...]" + p.Output[^tail..])}"));

    /// <summary>Writes the whole output of every process (restarts included) to <paramref name="folder"/>/NAME.log; returns the folder.</summary>
    public string WriteOutputs(string folder)
    {
        Directory.CreateDirectory(folder);
        foreach (var process in All) File.WriteAllText(Path.Combine(folder, process.Name + ".log"), process.Output);
        return folder;
    }

    public static Dictionary<string, string> Merge(params Dictionary<string, string>[] parts)
    {
        var merged = new Dictionary<string, string>();
        foreach (var part in parts)
            foreach (var (key, value) in part) merged[key] = value;
        return merged;
    }

    public async ValueTask DisposeAsync() => await Task.WhenAll(All.Select(p => p.DisposeAsync().AsTask()));
}
