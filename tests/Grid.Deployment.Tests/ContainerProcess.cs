using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;
using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Net.Client;

namespace Grid.Deployment.Tests;

/// <summary>
/// A container run as a local process, as its image would run it: the image's entry point (<c>dotnet /app/X.dll</c>,
/// with /app being the target's publish folder) and the container's environment, nothing else.
/// </summary>
public sealed class ContainerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private ContainerProcess(string name, Process process)
    {
        Name = name;
        _process = process;
    }

    public string Name { get; }

    public string Output { get { lock (_output) return _output.ToString(); } }

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    public static ContainerProcess Start(string name, string appFolder, string entryAssembly, IReadOnlyDictionary<string, string> environment)
    {
        var info = new ProcessStartInfo("dotnet") { WorkingDirectory = appFolder, RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add(Path.Combine(appFolder, entryAssembly));
        // Only what the container declares: nothing of the test's own configuration leaks in.
        foreach (var key in info.Environment.Keys.Where(k => k.StartsWith("Grid__", StringComparison.Ordinal) || k.StartsWith("ASPNETCORE_", StringComparison.Ordinal) || k.StartsWith("DOTNET_", StringComparison.Ordinal)).ToList())
            info.Environment.Remove(key);
        foreach (var (key, value) in environment) info.Environment[key] = value;
        var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {name}");
        var container = new ContainerProcess(name, process);
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (container._output) container._output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (container._output) container._output.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return container;
    }

    /// <summary>Asks the standard gRPC health service on <paramref name="port"/> until it answers SERVING, as a gRPC probe does.</summary>
    public async Task WaitUntilServingAsync(int port, CancellationToken ct, string service = "")
    {
        using var channel = GrpcChannel.ForAddress($"http://127.0.0.1:{port}");
        var health = new Health.HealthClient(channel);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(TimeSpan.FromSeconds(60));
        while (true)
        {
            if (_process.HasExited) throw new InvalidOperationException($"{Name} exited with code {_process.ExitCode}:\n{Output}");
            try
            {
                var reply = await health.CheckAsync(new HealthCheckRequest { Service = service }, deadline: DateTime.UtcNow.AddSeconds(1), cancellationToken: deadline.Token);
                if (reply.Status == HealthCheckResponse.Types.ServingStatus.Serving) return;
            }
            catch (RpcException e) when (e.StatusCode is StatusCode.Unavailable or StatusCode.DeadlineExceeded)
            {
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                throw new TimeoutException($"{Name}'s health service on port {port} did not answer SERVING within 60 s:\n{Output}");
            }
            await Task.Delay(50, deadline.Token);
        }
    }

    /// <summary>One gRPC health check, as a probe makes it: true when the answer is SERVING.</summary>
    public static async Task<bool> IsServingAsync(int port, string service, CancellationToken ct)
    {
        using var channel = GrpcChannel.ForAddress($"http://127.0.0.1:{port}");
        var reply = await new Health.HealthClient(channel).CheckAsync(new HealthCheckRequest { Service = service }, deadline: DateTime.UtcNow.AddSeconds(5), cancellationToken: ct);
        return reply.Status == HealthCheckResponse.Types.ServingStatus.Serving;
    }

    /// <summary>SIGTERM, as the kubelet sends it to every container of a pod that is stopped.</summary>
    public void Terminate()
    {
        if (!_process.HasExited && SendSignal(_process.Id, 15) != 0)
            throw new InvalidOperationException($"could not send SIGTERM to {Name} (errno {Marshal.GetLastPInvokeError()})");
    }

    /// <summary>Waits for the process to end by itself within <paramref name="grace"/>; true when it did, false when it had to be killed (SIGKILL).</summary>
    public async Task<bool> WaitForExitOrKillAsync(TimeSpan grace)
    {
        try
        {
            await _process.WaitForExitAsync().WaitAsync(grace);
            return true;
        }
        catch (TimeoutException)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
            return false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int SendSignal(int pid, int signal);
}
