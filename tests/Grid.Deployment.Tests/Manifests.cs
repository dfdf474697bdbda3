using System.Text.Json;

namespace Grid.Deployment.Tests;

/// <summary>
/// Rendered Kubernetes objects. The YAML is turned into JSON by tests/manifests/to-json.mjs (the `yaml`
/// npm package the repository pins), then read with System.Text.Json.
/// </summary>
internal sealed class Manifests(string yaml, IReadOnlyList<JsonElement> objects)
{
    public string Yaml { get; } = yaml;
    public IReadOnlyList<JsonElement> Objects { get; } = objects;

    public static async Task<Manifests> ParseAsync(string yaml)
    {
        var result = await ProcessRunner.RunAsync("node", [RepositoryRoot.Combine("tests", "manifests", "to-json.mjs")], yaml);
        Assert.True(result.ExitCode == 0,
            $"tests/manifests/to-json.mjs failed (run scripts/install-prerequisites.sh if the yaml package is missing): {result}");
        using var document = JsonDocument.Parse(result.Stdout);
        return new Manifests(yaml, document.RootElement.EnumerateArray().Select(e => e.Clone()).ToList());
    }

    public IEnumerable<JsonElement> OfKind(string kind) => Objects.Where(o => Kind(o) == kind);

    public JsonElement Single(string kind, string name)
    {
        var found = OfKind(kind).Where(o => Name(o) == name).ToList();
        Assert.True(found.Count == 1, $"expected one {kind}/{name}, found {found.Count}; rendered: {string.Join(", ", Objects.Select(Describe))}");
        return found[0];
    }

    public static string Kind(JsonElement o) => o.GetProperty("kind").GetString()!;
    public static string Name(JsonElement o) => o.GetProperty("metadata").GetProperty("name").GetString()!;
    public static string Describe(JsonElement o) => $"{Kind(o)}/{Name(o)}";

    /// <summary>The pod template spec of a Deployment or StatefulSet.</summary>
    public static JsonElement PodSpec(JsonElement workload) => workload.GetProperty("spec").GetProperty("template").GetProperty("spec");

    public static JsonElement Container(JsonElement podSpec, string name) =>
        podSpec.GetProperty("containers").EnumerateArray().Single(c => c.GetProperty("name").GetString() == name);

    /// <summary>The plain value of a container's environment variable, or null when it has none (or comes from elsewhere).</summary>
    public static string? EnvValue(JsonElement container, string name)
    {
        var variable = Env(container).SingleOrDefault(e => e.GetProperty("name").GetString() == name);
        return variable.ValueKind == JsonValueKind.Object && variable.TryGetProperty("value", out var value) ? value.GetString() : null;
    }

    public static IEnumerable<JsonElement> Env(JsonElement container) =>
        container.TryGetProperty("env", out var env) ? env.EnumerateArray() : [];

    /// <summary>Checks every object with tests/manifests/validate.mjs (the Kubernetes, KEDA and Argo schemas).</summary>
    public async Task<ProcessResult> ValidateAsync()
    {
        var file = Path.Combine(Path.GetTempPath(), $"grid-chart-{Guid.NewGuid():N}.yaml");
        await File.WriteAllTextAsync(file, Yaml);
        try
        {
            return await ProcessRunner.RunAsync("node", [RepositoryRoot.Combine("tests", "manifests", "validate.mjs"), file]);
        }
        finally
        {
            File.Delete(file);
        }
    }
}
