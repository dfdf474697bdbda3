using System.Text.Json;

namespace Grid.Deployment.Tests;

/// <summary>No secret is written into a rendered environment: every secret-looking variable is read from a Secret.</summary>
public class SecretEnvTests
{
    private static readonly string[] SecretSuffixes = ["ConnectionString", "Uri", "Configuration", "AccessKey", "SecretKey", "Password"];

    public static TheoryData<string> CiValueSets => ChartTests.CiValueSets;

    [Theory]
    [MemberData(nameof(CiValueSets))]
    public async Task Secret_settings_come_from_secretKeyRef(string valuesFile)
    {
        var manifests = await Helm.RenderAsync([Helm.CiValues(valuesFile)], apiVersions: [Helm.KedaApiVersion]);

        var checkedCount = 0;
        foreach (var workload in manifests.Objects.Where(o => Manifests.Kind(o) is "Deployment" or "StatefulSet"))
        foreach (var container in Manifests.PodSpec(workload).GetProperty("containers").EnumerateArray())
        foreach (var variable in Manifests.Env(container))
        {
            var name = variable.GetProperty("name").GetString()!;
            if (!SecretSuffixes.Any(s => name.EndsWith(s, StringComparison.OrdinalIgnoreCase))) continue;
            var where = $"{Manifests.Describe(workload)} container {container.GetProperty("name").GetString()} env {name}";
            Assert.False(variable.TryGetProperty("value", out _), $"{where} has a plain value");
            Assert.True(variable.TryGetProperty("valueFrom", out var from) && from.TryGetProperty("secretKeyRef", out var reference)
                        && reference.GetProperty("name").GetString() is { Length: > 0 } && reference.GetProperty("key").GetString() is { Length: > 0 },
                $"{where} is not read through valueFrom.secretKeyRef");
            checkedCount++;
        }
        // Every value set has a storage connection setting in the control plane and each agent.
        Assert.True(checkedCount >= 3, $"only {checkedCount} secret settings found: the test would prove nothing");
    }

    [Fact]
    public async Task The_only_Secret_rendered_is_the_dev_profiles()
    {
        var production = await Helm.RenderAsync([Helm.CiValues("sqs-s3-values.yaml")]);
        Assert.Empty(production.OfKind("Secret"));
        var dev = await Helm.RenderAsync([Helm.CiValues("dev-values.yaml")]);
        Assert.Equal(["grid-dev-storage"], dev.OfKind("Secret").Select(Manifests.Name));
    }
}
