using System.Diagnostics;

namespace Grid.FaultInjection.Tests;

/// <summary>Restarts a test server (same port, same data) with scripts/servers/restart.sh.</summary>
internal static class TestServerRestarts
{
    public static async Task RestartAsync(string server, CancellationToken ct)
    {
        var info = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(Path.Combine(RepositoryRoot(), "scripts", "servers", "restart.sh"));
        info.ArgumentList.Add(server);
        info.Environment["GRID_SERVERS_DIR"] = TestServers.Require("GRID_SERVERS_DIR");
        using var process = Process.Start(info) ?? throw new InvalidOperationException("could not run restart.sh");
        var output = process.StandardOutput.ReadToEndAsync(ct);
        var errors = process.StandardError.ReadToEndAsync(ct);
        await process.WaitForExitAsync(ct);
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"restart.sh {server} failed ({process.ExitCode}):\n{await output}{await errors}");
    }

    private static string RepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
            if (File.Exists(Path.Combine(folder.FullName, "scripts", "servers", "restart.sh"))) return folder.FullName;
        throw new InvalidOperationException($"no scripts/servers/restart.sh above {AppContext.BaseDirectory}");
    }
}
