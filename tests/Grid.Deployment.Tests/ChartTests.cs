namespace Grid.Deployment.Tests;

/// <summary>The chart lints clean and every value set under charts/grid/ci renders objects the Kubernetes schemas accept.</summary>
public class ChartTests
{
    public static readonly string[] CiValueFiles =
    [
        "defaults-values.yaml",
        "dev-values.yaml",
        "sqs-s3-values.yaml",
        "postgresql-queue-values.yaml",
        "three-pools-values.yaml",
    ];

    public static TheoryData<string> CiValueSets => new(CiValueFiles);

    [Fact]
    public async Task Lint_strict_is_clean()
    {
        var result = await Helm.LintAsync();
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.DoesNotContain("[WARNING]", result.Stdout);
        Assert.DoesNotContain("[ERROR]", result.Stdout);
    }

    [Fact]
    public void Every_ci_value_set_is_tested()
    {
        var onDisk = Directory.GetFiles(Path.Combine(Helm.ChartPath, "ci"), "*.yaml").Select(f => Path.GetFileName(f)).Order();
        Assert.Equal(CiValueFiles.Order(), onDisk);
    }

    [Theory]
    [MemberData(nameof(CiValueSets))]
    public async Task Ci_value_set_lints_clean(string valuesFile)
    {
        var result = await Helm.LintAsync(Helm.CiValues(valuesFile));
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.DoesNotContain("[WARNING]", result.Stdout);
    }

    [Theory]
    [MemberData(nameof(CiValueSets))]
    public async Task Ci_value_set_renders_valid_objects(string valuesFile)
    {
        var manifests = await Helm.RenderAsync([Helm.CiValues(valuesFile)]);
        await AssertValidAsync(manifests);
    }

    [Theory]
    [MemberData(nameof(CiValueSets))]
    public async Task Ci_value_set_renders_valid_objects_with_keda(string valuesFile)
    {
        var manifests = await Helm.RenderAsync([Helm.CiValues(valuesFile)], apiVersions: [Helm.KedaApiVersion]);
        await AssertValidAsync(manifests);
    }

    [Fact]
    public async Task Control_plane_matches_the_contract()
    {
        var manifests = await Helm.RenderAsync(sets: ["controlPlane.port=6100", "controlPlane.replicas=3"]);
        var deployment = manifests.Single("Deployment", "grid-control-plane");
        Assert.Equal(3, deployment.GetProperty("spec").GetProperty("replicas").GetInt32());
        var container = Manifests.Container(Manifests.PodSpec(deployment), "control-plane");
        Assert.Equal("http://0.0.0.0:6100", Manifests.EnvValue(container, "Urls"));
        Assert.Equal(6100, container.GetProperty("readinessProbe").GetProperty("grpc").GetProperty("port").GetInt32());
        Assert.Equal(6100, container.GetProperty("livenessProbe").GetProperty("grpc").GetProperty("port").GetInt32());
        Assert.False(container.TryGetProperty("command", out _), "the image's entry point runs the program");
        Assert.False(container.TryGetProperty("args", out _), "the image's entry point runs the program");
        var service = manifests.Single("Service", "grid-control-plane");
        var port = Assert.Single(service.GetProperty("spec").GetProperty("ports").EnumerateArray());
        Assert.Equal("grpc", port.GetProperty("name").GetString());
        Assert.Equal(6100, port.GetProperty("port").GetInt32());
        manifests.Single("PodDisruptionBudget", "grid-control-plane");
    }

    private static async Task AssertValidAsync(Manifests manifests)
    {
        Assert.NotEmpty(manifests.Objects);
        var result = await manifests.ValidateAsync();
        Assert.True(result.ExitCode == 0, $"tests/manifests/validate.mjs: {result}");
        Assert.Contains($"{manifests.Objects.Count} objects valid", result.Stdout);
    }
}
