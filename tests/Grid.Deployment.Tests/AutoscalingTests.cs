using System.Text.Json;

namespace Grid.Deployment.Tests;

/// <summary>With KEDA a ScaledObject per pool scales on the depth of that pool's queue; without it, a CPU HorizontalPodAutoscaler.</summary>
public class AutoscalingTests
{
    public static TheoryData<string, string> TriggerTypeByValueSet => new()
    {
        { "defaults-values.yaml", "rabbitmq" },
        { "dev-values.yaml", "rabbitmq" },
        { "sqs-s3-values.yaml", "aws-sqs-queue" },
        { "postgresql-queue-values.yaml", "postgresql" },
    };

    [Theory]
    [MemberData(nameof(TriggerTypeByValueSet))]
    public async Task Keda_present_gives_a_ScaledObject_per_pool_with_the_queue_kinds_trigger(string valuesFile, string triggerType)
    {
        var manifests = await Helm.RenderAsync([Helm.CiValues(valuesFile)], apiVersions: [Helm.KedaApiVersion]);

        Assert.Empty(manifests.OfKind("HorizontalPodAutoscaler"));
        var pools = manifests.OfKind("Deployment").Where(d => Manifests.Name(d).StartsWith("grid-pool-")).ToList();
        Assert.NotEmpty(pools);
        foreach (var pool in pools)
        {
            var scaled = manifests.Single("ScaledObject", Manifests.Name(pool));
            var spec = scaled.GetProperty("spec");
            Assert.Equal(Manifests.Name(pool), spec.GetProperty("scaleTargetRef").GetProperty("name").GetString());
            Assert.False(pool.GetProperty("spec").TryGetProperty("replicas", out _), "KEDA owns the replica count");
            var triggers = spec.GetProperty("triggers").EnumerateArray().ToList();
            Assert.NotEmpty(triggers);
            Assert.All(triggers, t => Assert.Equal(triggerType, t.GetProperty("type").GetString()));
            var partition = AgentPartition(pool);
            Assert.All(triggers, t => Assert.Contains(partition, QueueOf(t)));
            var auth = triggers[0].GetProperty("authenticationRef").GetProperty("name").GetString()!;
            manifests.Single("TriggerAuthentication", auth);
        }
    }

    [Fact]
    public async Task Sqs_has_a_trigger_per_priority_queue()
    {
        var manifests = await Helm.RenderAsync([Helm.CiValues("sqs-s3-values.yaml")], apiVersions: [Helm.KedaApiVersion]);
        var triggers = manifests.Single("ScaledObject", "grid-pool-default").GetProperty("spec").GetProperty("triggers").EnumerateArray();
        // The value set lists priorities 0, 5 and 9 and the queue prefix grid-prod-.
        Assert.Equal(["grid-prod-default-p0", "grid-prod-default-p5", "grid-prod-default-p9"], triggers.Select(QueueOf));
    }

    [Fact]
    public async Task Scale_to_zero_is_allowed_with_keda()
    {
        var manifests = await Helm.RenderAsync([Helm.CiValues("postgresql-queue-values.yaml")], apiVersions: [Helm.KedaApiVersion]);
        Assert.All(manifests.OfKind("ScaledObject"), s => Assert.Equal(0, s.GetProperty("spec").GetProperty("minReplicaCount").GetInt32()));
    }

    [Fact]
    public async Task Keda_absent_gives_a_cpu_HorizontalPodAutoscaler_per_pool()
    {
        var manifests = await Helm.RenderAsync();

        Assert.Empty(manifests.OfKind("ScaledObject"));
        Assert.Empty(manifests.OfKind("TriggerAuthentication"));
        var pools = manifests.OfKind("Deployment").Where(d => Manifests.Name(d).StartsWith("grid-pool-")).ToList();
        Assert.Equal(["grid-pool-default", "grid-pool-workflows"], pools.Select(Manifests.Name).Order());
        foreach (var pool in pools)
        {
            var hpa = manifests.Single("HorizontalPodAutoscaler", Manifests.Name(pool));
            var spec = hpa.GetProperty("spec");
            Assert.Equal(Manifests.Name(pool), spec.GetProperty("scaleTargetRef").GetProperty("name").GetString());
            var metric = Assert.Single(spec.GetProperty("metrics").EnumerateArray());
            Assert.Equal("cpu", metric.GetProperty("resource").GetProperty("name").GetString());
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Autoscaling_off_gives_fixed_replicas_and_no_scaler(bool keda)
    {
        var manifests = await Helm.RenderAsync([Helm.CiValues("three-pools-values.yaml")], apiVersions: keda ? [Helm.KedaApiVersion] : []);
        Assert.Empty(manifests.OfKind("ScaledObject"));
        Assert.Empty(manifests.OfKind("HorizontalPodAutoscaler"));
        Assert.Equal(4, manifests.Single("Deployment", "grid-pool-cpu").GetProperty("spec").GetProperty("replicas").GetInt32());
    }

    private static string AgentPartition(JsonElement pool) =>
        Manifests.EnvValue(Manifests.Container(Manifests.PodSpec(pool), "agent"), "Grid__Agent__Partitions__0")!;

    private static string QueueOf(JsonElement trigger)
    {
        var metadata = trigger.GetProperty("metadata");
        foreach (var key in new[] { "queueName", "queueURL", "query" })
            if (metadata.TryGetProperty(key, out var value)) return value.GetString()!;
        throw new InvalidOperationException($"no queue in trigger {trigger}");
    }
}
