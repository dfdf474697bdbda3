using System.Diagnostics;

namespace Grid.Testing;

/// <summary>
/// Test servers started for one test alone, by scripts/servers/start.sh in a run dir of their own, for tests
/// that restart them: restarting the shared servers would cut every other test running at the same time.
/// Restarts keep the port and the data (scripts/servers/restart.sh); disposing stops them (stop.sh).
/// </summary>
public sealed class DedicatedTestServers : IAsyncDisposable
{
    private readonly string _runDir;
    private readonly Dictionary<string, string> _variables;

    private DedicatedTestServers(string runDir, Dictionary<string, string> variables)
    {
        _runDir = runDir;
        _variables = variables;
    }

    /// <param name="servers">As start.sh names them: postgres, redis, rabbitmq, sqs, s3.</param>
    public static async Task<DedicatedTestServers> StartAsync(IReadOnlyList<string> servers, CancellationToken ct)
    {
        var runDir = Directory.CreateTempSubdirectory("grid-servers-dedicated.").FullName;
        try
        {
            await RunScriptAsync("start.sh", servers, runDir, ct);
            return new DedicatedTestServers(runDir, ReadEnvironment(Path.Combine(runDir, "env")));
        }
        catch
        {
            await RunScriptAsync("stop.sh", [], runDir, CancellationToken.None);
            throw;
        }
    }

    /// <summary>A variable of the servers' env file, such as GRID_TEST_RABBITMQ.</summary>
    public string this[string variable] => _variables.TryGetValue(variable, out var value)
        ? value
        : throw new InvalidOperationException($"{variable} is not in {_runDir}/env: its server was not started");

    /// <summary>Stops the server and starts it again on the same port and data; returns once it answers again.</summary>
    public Task RestartAsync(string server, CancellationToken ct) => RunScriptAsync("restart.sh", [server], _runDir, ct);

    public async ValueTask DisposeAsync() => await RunScriptAsync("stop.sh", [], _runDir, CancellationToken.None);

    private static async Task RunScriptAsync(string script, IEnumerable<string> arguments, string runDir, CancellationToken ct)
    {
        var info = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(Path.Combine(RepositoryRoot(), "scripts", "servers", script));
        foreach (var argument in arguments) info.ArgumentList.Add(argument);
        info.Environment["GRID_SERVERS_DIR"] = runDir;
        // A broker (re)starting beside builds and other test servers on 2 cores has taken more than start.sh's default 90 s.
        if (Environment.GetEnvironmentVariable("GRID_SERVERS_START_TIMEOUT") is null) info.Environment["GRID_SERVERS_START_TIMEOUT"] = "180";
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"could not run {script}");
        var output = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        var errors = process.StandardError.ReadToEndAsync(CancellationToken.None);
        try
        {
            await process.WaitForExitAsync(ct);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{script} {string.Join(' ', info.ArgumentList.Skip(1))} failed ({process.ExitCode}):\n{await output}{await errors}");
    }

    /// <summary>The export lines start.sh writes: <c>export NAME='value'</c>.</summary>
    private static Dictionary<string, string> ReadEnvironment(string file) =>
        File.ReadLines(file)
            .Where(line => line.StartsWith("export ", StringComparison.Ordinal))
            .Select(line => line["export ".Length..].Split('=', 2))
            .ToDictionary(pair => pair[0], pair => pair[1].Trim('\''));

    private static string RepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
            if (File.Exists(Path.Combine(folder.FullName, "scripts", "servers", "restart.sh"))) return folder.FullName;
        throw new InvalidOperationException($"no scripts/servers/restart.sh above {AppContext.BaseDirectory}");
    }
}
