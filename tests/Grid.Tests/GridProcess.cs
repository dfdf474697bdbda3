using System.Diagnostics;
using System.Text;

namespace Grid.Tests;

/// <summary>`grid run` as a real child process, so that a test can kill it the hard way.</summary>
internal sealed class GridProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private GridProcess(Process process, string address)
    {
        _process = process;
        Address = address;
    }

    public string Address { get; }

    public string Output { get { lock (_output) return _output.ToString(); } }

    public static async Task<GridProcess> StartAsync(string dataFolder, int port, CancellationToken cancellationToken, int concurrency = 8)
    {
        var grid = Path.Combine(AppContext.BaseDirectory, "grid.dll");
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { grid, "run", "--port", port.ToString(), "--data", dataFolder, "--concurrency", concurrency.ToString() }) info.ArgumentList.Add(argument);
        var process = Process.Start(info) ?? throw new InvalidOperationException("could not start grid run");
        var started = new GridProcess(process, $"http://127.0.0.1:{port}");
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            lock (started._output) started._output.AppendLine(e.Data);
            if (e.Data.Contains("Grid listening on")) ready.TrySetResult();
        };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (started._output) started._output.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await ready.Task.WaitAsync(TimeSpan.FromSeconds(60), cancellationToken);
        }
        catch (TimeoutException)
        {
            await started.DisposeAsync();
            throw new InvalidOperationException($"grid run did not start within 60 s:\n{started.Output}");
        }
        return started;
    }

    /// <summary>SIGKILL: no draining, no goodbye.</summary>
    public async Task KillAsync()
    {
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited) await KillAsync();
        _process.Dispose();
    }
}
