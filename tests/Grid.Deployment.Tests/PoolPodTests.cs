using System.Globalization;
using System.Text.Json;

namespace Grid.Deployment.Tests;

/// <summary>A pool pod drains safely and runs locked down: agent and worker share /data, the pod outlives the agent's grace period.</summary>
public class PoolPodTests
{
    public static TheoryData<string> CiValueSets => ChartTests.CiValueSets;

    [Theory]
    [MemberData(nameof(CiValueSets))]
    public async Task Termination_grace_outlasts_the_agents_shutdown_grace_period(string valuesFile)
    {
        foreach (var pod in await PoolPodsAsync(valuesFile))
        {
            var agent = Manifests.Container(pod, "agent");
            var worker = Manifests.Container(pod, "worker");
            var agentGrace = TimeSpan.ParseExact(Manifests.EnvValue(agent, "Grid__Agent__ShutdownGracePeriod")!, @"hh\:mm\:ss", CultureInfo.InvariantCulture);
            var podGrace = TimeSpan.FromSeconds(pod.GetProperty("terminationGracePeriodSeconds").GetInt32());
            var workerShutdown = TimeSpan.FromSeconds(int.Parse(Manifests.EnvValue(worker, "DOTNET_SHUTDOWNTIMEOUTSECONDS")!, CultureInfo.InvariantCulture));
            Assert.True(podGrace > agentGrace, $"pod grace {podGrace} is not longer than the agent's {agentGrace}");
            Assert.True(workerShutdown > agentGrace, $"the worker stops serving after {workerShutdown}, before the agent's grace {agentGrace} ends");
            Assert.True(podGrace > workerShutdown, $"pod grace {podGrace} kills the worker before its shutdown timeout {workerShutdown}");
        }
    }

    [Fact]
    public async Task A_long_grace_period_is_carried_through()
    {
        var pods = await PoolPodsAsync("three-pools-values.yaml");
        // The gpu pool asks for 600 seconds.
        var gpu = pods.Single(p => Manifests.Container(p, "worker").GetProperty("image").GetString()!.Contains("render-worker"));
        Assert.Equal("00:10:00", Manifests.EnvValue(Manifests.Container(gpu, "agent"), "Grid__Agent__ShutdownGracePeriod"));
        Assert.Equal(620, gpu.GetProperty("terminationGracePeriodSeconds").GetInt32());
    }

    [Theory]
    [MemberData(nameof(CiValueSets))]
    public async Task Agent_and_worker_share_data(string valuesFile)
    {
        foreach (var pod in await PoolPodsAsync(valuesFile))
        {
            var agentVolume = VolumeAt(Manifests.Container(pod, "agent"), "/data");
            var workerVolume = VolumeAt(Manifests.Container(pod, "worker"), "/data");
            Assert.NotNull(agentVolume);
            Assert.Equal(agentVolume, workerVolume);
            Assert.Equal("/data", Manifests.EnvValue(Manifests.Container(pod, "agent"), "Grid__Agent__DataFolder"));
            var volume = pod.GetProperty("volumes").EnumerateArray().Single(v => v.GetProperty("name").GetString() == agentVolume);
            Assert.True(volume.TryGetProperty("emptyDir", out _), $"volume {agentVolume} is not an emptyDir");
        }
    }

    [Theory]
    [MemberData(nameof(CiValueSets))]
    public async Task Both_containers_run_locked_down(string valuesFile)
    {
        foreach (var pod in await PoolPodsAsync(valuesFile))
        foreach (var name in new[] { "agent", "worker" })
        {
            var context = Manifests.Container(pod, name).GetProperty("securityContext");
            Assert.True(context.GetProperty("runAsNonRoot").GetBoolean(), $"{name}: runAsNonRoot");
            Assert.True(context.GetProperty("readOnlyRootFilesystem").GetBoolean(), $"{name}: readOnlyRootFilesystem");
            Assert.False(context.GetProperty("allowPrivilegeEscalation").GetBoolean(), $"{name}: allowPrivilegeEscalation");
            Assert.Equal(["ALL"], context.GetProperty("capabilities").GetProperty("drop").EnumerateArray().Select(e => e.GetString()));
        }
    }

    [Fact]
    public async Task Pool_ports_follow_the_values()
    {
        var pods = await PoolPodsAsync(null, ["poolDefaults.agent.port=6200", "poolDefaults.worker.port=6300"]);
        foreach (var pod in pods)
        {
            var agent = Manifests.Container(pod, "agent");
            var worker = Manifests.Container(pod, "worker");
            Assert.Equal("http://0.0.0.0:6200", Manifests.EnvValue(agent, "Urls"));
            Assert.Equal("http://127.0.0.1:6300", Manifests.EnvValue(agent, "Grid__Agent__WorkerAddress"));
            Assert.Equal("http://0.0.0.0:6300", Manifests.EnvValue(worker, "Urls"));
            Assert.Equal("http://127.0.0.1:6200", Manifests.EnvValue(worker, "Grid__Worker__AgentAddress"));
            Assert.Equal(6200, agent.GetProperty("readinessProbe").GetProperty("grpc").GetProperty("port").GetInt32());
            Assert.Equal(6300, worker.GetProperty("readinessProbe").GetProperty("grpc").GetProperty("port").GetInt32());
        }
    }

    private static async Task<List<JsonElement>> PoolPodsAsync(string? valuesFile, string[]? sets = null)
    {
        var manifests = await Helm.RenderAsync(valuesFile is null ? [] : [Helm.CiValues(valuesFile)], sets);
        var pods = manifests.OfKind("Deployment").Where(d => Manifests.Name(d).StartsWith("grid-pool-")).Select(Manifests.PodSpec).ToList();
        Assert.NotEmpty(pods);
        return pods;
    }

    private static string? VolumeAt(JsonElement container, string path) =>
        container.GetProperty("volumeMounts").EnumerateArray()
            .Where(m => m.GetProperty("mountPath").GetString() == path)
            .Select(m => m.GetProperty("name").GetString())
            .SingleOrDefault();
}
