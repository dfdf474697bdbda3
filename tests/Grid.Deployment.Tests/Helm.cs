namespace Grid.Deployment.Tests;

/// <summary>
/// Runs the Helm v4 that scripts/install-helm.sh puts at .tools/helm/helm (never one from PATH, so every
/// machine tests with the same version) on the chart charts/grid.
/// </summary>
internal static class Helm
{
    public const string KedaApiVersion = "keda.sh/v1alpha1/ScaledObject";

    public static string ChartPath => RepositoryRoot.Combine("charts", "grid");

    public static string Executable
    {
        get
        {
            var path = RepositoryRoot.Combine(".tools", "helm", "helm");
            if (!File.Exists(path))
                throw new InvalidOperationException($"Helm is missing at {path}: run scripts/install-prerequisites.sh (or scripts/install-helm.sh)");
            return path;
        }
    }

    public static Task<ProcessResult> LintAsync(params string[] valuesFiles) =>
        ProcessRunner.RunAsync(Executable, ["lint", ChartPath, "--strict", .. ValuesArguments(valuesFiles)]);

    /// <summary><c>helm template grid charts/grid</c> with the values files, <c>--set</c> pairs and extra API versions given.</summary>
    public static Task<ProcessResult> TemplateAsync(
        IEnumerable<string>? valuesFiles = null, IEnumerable<string>? sets = null, IEnumerable<string>? apiVersions = null)
    {
        List<string> arguments = ["template", "grid", ChartPath, "--namespace", "grid"];
        arguments.AddRange(ValuesArguments(valuesFiles ?? []));
        foreach (var set in sets ?? []) arguments.AddRange(["--set", set]);
        foreach (var apiVersion in apiVersions ?? []) arguments.AddRange(["--api-versions", apiVersion]);
        return ProcessRunner.RunAsync(Executable, arguments);
    }

    /// <summary>Renders and parses the objects; fails the test with Helm's output when rendering fails.</summary>
    public static async Task<Manifests> RenderAsync(
        IEnumerable<string>? valuesFiles = null, IEnumerable<string>? sets = null, IEnumerable<string>? apiVersions = null)
    {
        var result = await TemplateAsync(valuesFiles, sets, apiVersions);
        Assert.True(result.ExitCode == 0, $"helm template failed: {result}");
        return await Manifests.ParseAsync(result.Stdout);
    }

    /// <summary>A value set of charts/grid/ci by its file name.</summary>
    public static string CiValues(string fileName) => Path.Combine(ChartPath, "ci", fileName);

    private static IEnumerable<string> ValuesArguments(IEnumerable<string> files) => files.SelectMany(f => new[] { "--values", f });
}
