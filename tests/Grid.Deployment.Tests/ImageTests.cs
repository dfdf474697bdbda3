using System.Diagnostics;
using System.Text.Json;
using Grid.Testing;

namespace Grid.Deployment.Tests;

/// <summary>
/// The images that cannot be built on this machine (no container engine, no base image), checked as far as can be:
/// the Dockerfile's targets, the publish output each one copies, and its program started the way its entry point does.
/// </summary>
[Collection(PublishedDeployablesCollection.Name)]
public sealed class ImageTests(PublishedDeployables deployables)
{
    public static readonly TheoryData<string> TargetNames = new(DockerfileTargets.Read().Select(t => t.Name));

    [Fact]
    public void The_Dockerfile_has_a_target_for_every_deployable()
    {
        Assert.Equal(
            ["agent", "control-plane", "sample-worker", "task-worker", "workflow-manager"],
            deployables.Targets.Select(t => t.Name).Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(TargetNames))]
    public void The_publish_output_a_target_copies_holds_the_program_its_entry_point_runs(string name)
    {
        var target = deployables.Target(name);
        var app = deployables.AppFolder(target);
        Assert.True(File.Exists(Path.Combine(app, target.EntryAssembly)), $"{target.EntryAssembly} is not in the publish output of {target.Project}");
        var runtimeConfig = Path.Combine(app, Path.ChangeExtension(target.EntryAssembly, ".runtimeconfig.json"));
        Assert.True(File.Exists(runtimeConfig), $"{target.EntryAssembly} has no runtimeconfig.json: `dotnet` could not start it");
        // The runtime image carries the ASP.NET Core shared framework and nothing else.
        using var config = JsonDocument.Parse(File.ReadAllText(runtimeConfig));
        var frameworks = config.RootElement.GetProperty("runtimeOptions").TryGetProperty("frameworks", out var list)
            ? list.EnumerateArray().Select(f => f.GetProperty("name").GetString()).ToList()
            : [config.RootElement.GetProperty("runtimeOptions").GetProperty("framework").GetProperty("name").GetString()];
        Assert.All(frameworks, f => Assert.Contains(f, new[] { "Microsoft.NETCore.App", "Microsoft.AspNetCore.App" }));
    }

    [Theory]
    [MemberData(nameof(TargetNames))]
    public async Task Each_image_starts_from_its_publish_output_and_answers_the_gRPC_health_probe(string name)
    {
        var target = deployables.Target(name);
        var port = LoopbackPort.Free();
        using var data = new TemporaryFolder();
        var environment = new Dictionary<string, string>
        {
            ["Urls"] = $"http://127.0.0.1:{port}",
            // The workflow manager keeps its registry in its data folder (a volume in the chart).
            ["Grid__Workflows__DataFolder"] = data.Path,
            ["Grid__Agent__DataFolder"] = data.Path,
        };
        await using var container = ContainerProcess.Start(target.ImageName, deployables.AppFolder(target), target.EntryAssembly, environment);
        await container.WaitUntilServingAsync(port, new CancellationTokenSource(TimeSpan.FromSeconds(90)).Token);
    }

    [Theory]
    [MemberData(nameof(TargetNames))]
    public void The_SDK_container_publishing_names_the_image_as_the_Dockerfile_does(string name)
    {
        var target = deployables.Target(name);
        var properties = MsBuildProperties(target.Project, "ContainerRepository", "ContainerFamily");
        Assert.Equal(target.ImageName, properties["ContainerRepository"]);
        Assert.Equal("noble-chiseled", properties["ContainerFamily"]);
    }

    [Fact]
    public void Runtime_images_are_chiseled_and_run_as_a_non_root_user()
    {
        var lines = File.ReadAllLines(DockerfileTargets.DockerfilePath);
        var runtime = lines.SkipWhile(l => !l.StartsWith("FROM ", StringComparison.Ordinal) || !l.EndsWith(" AS runtime", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(runtime);
        Assert.Contains("-chiseled", runtime[0]);
        var user = runtime.Skip(1).TakeWhile(l => !l.StartsWith("FROM ", StringComparison.Ordinal)).Single(l => l.StartsWith("USER ", StringComparison.Ordinal));
        Assert.True(int.TryParse(user["USER ".Length..], out var uid) && uid > 0, $"the runtime stage must name a numeric non-root user, not '{user}'");
        // No RUN after the build stage: a chiseled image has no shell to run it with.
        Assert.DoesNotContain(runtime, l => l.StartsWith("RUN ", StringComparison.Ordinal));
    }

    private static Dictionary<string, string> MsBuildProperties(string project, params string[] names)
    {
        var info = new ProcessStartInfo("dotnet") { WorkingDirectory = RepositoryRoot.Path, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { "msbuild", project }.Concat(names.Select(n => $"-getProperty:{n}"))) info.ArgumentList.Add(argument);
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"dotnet msbuild {project} failed: {output}{process.StandardError.ReadToEnd()}");
        using var json = JsonDocument.Parse(output);
        return json.RootElement.GetProperty("Properties").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString() ?? "");
    }
}
