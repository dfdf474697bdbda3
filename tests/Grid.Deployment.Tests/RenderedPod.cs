using System.Text.Json;

namespace Grid.Deployment.Tests;

/// <summary>
/// One pod of a rendered Deployment, run on this machine the way the kubelet would run it: each container as a local
/// process started from its image's entry point with exactly the environment the chart gives it. What a node
/// provides is stood in for here: Secrets by the values the test holds, the pod's own network by loopback (so
/// <c>0.0.0.0</c> in a listen address becomes 127.0.0.1) and each volume by a folder of the pod's own.
/// </summary>
internal sealed class RenderedPod : IAsyncDisposable
{
    private readonly List<(string Name, ContainerProcess Process, JsonElement Spec)> _containers = [];

    private RenderedPod(string name, JsonElement spec, string folder)
    {
        Name = name;
        Spec = spec;
        Folder = folder;
    }

    public string Name { get; }
    public JsonElement Spec { get; }
    public string Folder { get; }

    public TimeSpan TerminationGracePeriod =>
        TimeSpan.FromSeconds(Spec.TryGetProperty("terminationGracePeriodSeconds", out var seconds) ? seconds.GetInt32() : 30);

    public string Output => string.Join("\n", _containers.Select(c => $"--- {Name}/{c.Name}\n{c.Process.Output}"));

    /// <summary>Starts every container of <paramref name="deployment"/>'s pod template, then waits for the probes they declare.</summary>
    public static async Task<RenderedPod> StartAsync(
        JsonElement deployment, string podName, PublishedDeployables images, IReadOnlyDictionary<(string Secret, string Key), string> secrets,
        string folder, CancellationToken ct)
    {
        var spec = Manifests.PodSpec(deployment);
        var pod = new RenderedPod(podName, spec, folder);
        try
        {
            foreach (var container in spec.GetProperty("containers").EnumerateArray())
            {
                var name = container.GetProperty("name").GetString()!;
                var target = TargetOf(container, images);
                var environment = pod.Environment(container, secrets);
                pod._containers.Add((name, ContainerProcess.Start($"{podName}/{name}", images.AppFolder(target), target.EntryAssembly, environment), container));
            }
            await pod.WaitForProbesAsync(ct);
            return pod;
        }
        catch
        {
            await pod.DisposeAsync();
            throw;
        }
    }

    /// <summary>The gRPC probes the containers declare: (container, probe kind, port, service).</summary>
    public IEnumerable<(string Container, string Probe, int Port, string Service)> GrpcProbes() =>
        from c in _containers
        from probe in new[] { "readinessProbe", "livenessProbe", "startupProbe" }
        where c.Spec.TryGetProperty(probe, out _)
        let grpc = c.Spec.GetProperty(probe).TryGetProperty("grpc", out var g) ? g : default
        select (c.Name, probe, grpc.ValueKind == JsonValueKind.Object ? grpc.GetProperty("port").GetInt32() : -1,
            grpc.ValueKind == JsonValueKind.Object && grpc.TryGetProperty("service", out var s) ? s.GetString() ?? "" : "");

    private async Task WaitForProbesAsync(CancellationToken ct)
    {
        foreach (var (container, probe, port, service) in GrpcProbes())
        {
            if (port < 0) throw new InvalidOperationException($"{Name}/{container}: the {probe} is not a gRPC probe");
            await _containers.Single(c => c.Name == container).Process.WaitUntilServingAsync(port, ct, service);
        }
    }

    /// <summary>
    /// Stops the pod as the kubelet does: SIGTERM to every container at once, SIGKILL to those still running when the
    /// pod's termination grace period is over. True when every container ended by itself in time.
    /// </summary>
    public async Task<bool> TerminateAsync()
    {
        foreach (var container in _containers) container.Process.Terminate();
        var ended = await Task.WhenAll(_containers.Select(c => c.Process.WaitForExitOrKillAsync(TerminationGracePeriod)));
        return ended.All(e => e);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var container in _containers) await container.Process.DisposeAsync();
    }

    private static DockerfileTarget TargetOf(JsonElement container, PublishedDeployables images)
    {
        var image = container.GetProperty("image").GetString()!;
        var repository = image.Split('/')[^1].Split(':')[0];
        return images.Targets.SingleOrDefault(t => t.ImageName == repository)
            ?? throw new InvalidOperationException($"container {container.GetProperty("name")} uses image {image}, which no Dockerfile target builds");
    }

    private Dictionary<string, string> Environment(JsonElement container, IReadOnlyDictionary<(string Secret, string Key), string> secrets)
    {
        var mounts = container.TryGetProperty("volumeMounts", out var list)
            ? list.EnumerateArray().ToDictionary(m => m.GetProperty("mountPath").GetString()!, m => Path.Combine(Folder, m.GetProperty("name").GetString()!))
            : [];
        foreach (var folder in mounts.Values) Directory.CreateDirectory(folder);
        var environment = new Dictionary<string, string>();
        foreach (var variable in Manifests.Env(container))
        {
            var name = variable.GetProperty("name").GetString()!;
            environment[name] = variable.TryGetProperty("value", out var value)
                ? Localize(value.GetString() ?? "", mounts)
                : FromSource(name, variable.GetProperty("valueFrom"), secrets);
        }
        return environment;
    }

    private string FromSource(string variable, JsonElement source, IReadOnlyDictionary<(string Secret, string Key), string> secrets)
    {
        if (source.TryGetProperty("secretKeyRef", out var secret))
        {
            var key = (secret.GetProperty("name").GetString()!, secret.GetProperty("key").GetString()!);
            return secrets.TryGetValue(key, out var value) ? value : throw new InvalidOperationException($"{variable} reads Secret {key.Item1} key {key.Item2}, which the test does not provide");
        }
        if (source.TryGetProperty("fieldRef", out var field) && field.GetProperty("fieldPath").GetString() == "metadata.name") return Name;
        throw new InvalidOperationException($"{variable} comes from {source}, which this stand-in for the kubelet does not provide");
    }

    private static string Localize(string value, IReadOnlyDictionary<string, string> mounts)
    {
        if (value.StartsWith("http://0.0.0.0:", StringComparison.Ordinal)) return "http://127.0.0.1:" + value["http://0.0.0.0:".Length..];
        foreach (var (mountPath, folder) in mounts)
            if (value == mountPath || value.StartsWith(mountPath + "/", StringComparison.Ordinal)) return folder + value[mountPath.Length..];
        return value;
    }
}
