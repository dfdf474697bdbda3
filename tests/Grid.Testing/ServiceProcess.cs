using System.Diagnostics;
using System.Net.Sockets;
using System.Text;

namespace Grid.Testing;

/// <summary>
/// One of the grid's programs (control plane, agent, sample worker) run as its own OS process; it can be
/// killed and started again on the same port with the same settings.
/// </summary>
public sealed class ServiceProcess : IAsyncDisposable
{
    private readonly ProcessStartInfo _startInfo;
    private readonly StringBuilder _output = new();
    private Process _process = null!;

    private ServiceProcess(string name, ProcessStartInfo startInfo, int port)
    {
        Name = name;
        _startInfo = startInfo;
        Port = port;
    }

    public string Name { get; }
    public int Port { get; }
    public string Address => $"http://127.0.0.1:{Port}";
    public string Output { get { lock (_output) return _output.ToString(); } }

    /// <summary>Starts <paramref name="assembly"/> (a dll next to the tests) with configuration given as arguments, listening on a free port.</summary>
    public static ServiceProcess Start(string name, string assembly, int port, IReadOnlyDictionary<string, string> settings)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, assembly));
        foreach (var (key, value) in settings.Append(new("Urls", $"http://127.0.0.1:{port}")))
        {
            info.ArgumentList.Add($"--{key}");
            info.ArgumentList.Add(value);
        }
        var service = new ServiceProcess(name, info, port);
        service.Launch();
        return service;
    }

    /// <summary>The process's id, as the system knows it (it changes when the process is started again).</summary>
    public int ProcessId => _process.Id;

    /// <summary>Starts the program again (after <see cref="KillAsync"/>) with the same port and settings, and waits until it listens.</summary>
    public async Task RestartAsync(CancellationToken ct)
    {
        if (!_process.HasExited) throw new InvalidOperationException($"{Name} still runs (pid {_process.Id})");
        _process.Dispose();
        lock (_output) _output.AppendLine($"--- {Name} started again");
        Launch();
        await WaitUntilListeningAsync(ct);
    }

    private void Launch()
    {
        var process = Process.Start(_startInfo) ?? throw new InvalidOperationException($"could not start {Name}");
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (_output) _output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (_output) _output.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;
    }

    /// <summary>Waits until the process accepts connections on its port; fails with its output if it exits or takes too long.</summary>
    public async Task WaitUntilListeningAsync(CancellationToken ct)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(TimeSpan.FromSeconds(60));
        while (true)
        {
            if (_process.HasExited) throw new InvalidOperationException($"{Name} exited with code {_process.ExitCode}:\n{Output}");
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync("127.0.0.1", Port, deadline.Token);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(50, deadline.Token);
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                throw new TimeoutException($"{Name} did not listen on port {Port} within 60 s:\n{Output}");
            }
        }
    }

    /// <summary>SIGKILL (kill -9): no draining, no goodbye.</summary>
    public async Task KillAsync()
    {
        if (_process.HasExited) return;
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process.Dispose();
    }
}
