using System.Diagnostics;
using System.Text.Json.Nodes;

namespace Grid.Workflows.Kubernetes.Tests;

/// <summary>
/// Checks an object against the Kubernetes and Argo Workflows schemas with the repository's validator
/// (<c>node tests/manifests/validate.mjs</c>, on the npm packages kubernetes-models and
/// @kubernetes-models/argo-workflows).
/// </summary>
internal static class ManifestSchema
{
    public static async Task AssertValidAsync(JsonObject item)
    {
        var root = RepositoryRoot();
        var file = Path.Combine(Path.GetTempPath(), $"grid-manifest-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(file, item.ToJsonString());
        try
        {
            var start = new ProcessStartInfo("node") { WorkingDirectory = root, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            start.ArgumentList.Add(Path.Combine(root, "tests", "manifests", "validate.mjs"));
            start.ArgumentList.Add(file);
            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEndAsync();
            var errors = process.StandardError.ReadToEndAsync();
            using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            await process.WaitForExitAsync(deadline.Token);
            Assert.True(process.ExitCode == 0, $"{item["kind"]} '{item["metadata"]?["name"]}' does not match its schema:\n{await output}{await errors}\n{item.ToJsonString()}");
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static string RepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
            if (File.Exists(Path.Combine(folder.FullName, "Grid.sln"))) return folder.FullName;
        throw new InvalidOperationException($"no Grid.sln above {AppContext.BaseDirectory}: the tests must run from the repository's build output");
    }
}
