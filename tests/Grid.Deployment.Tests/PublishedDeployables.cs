using System.Diagnostics;

namespace Grid.Deployment.Tests;

/// <summary>
/// Every Dockerfile target published exactly as its build stage does (the same project and arguments), each into a
/// folder of its own that stands for the image's /app. Published once for all the tests that use it.
/// </summary>
public sealed class PublishedDeployables : IAsyncLifetime
{
    private readonly string _root = Directory.CreateTempSubdirectory("grid-images-").FullName;
    private readonly Dictionary<string, string> _folders = [];

    public IReadOnlyList<DockerfileTarget> Targets { get; } = DockerfileTargets.Read();

    public DockerfileTarget Target(string name) =>
        Targets.SingleOrDefault(t => t.Name == name) ?? throw new InvalidOperationException($"the Dockerfile has no target '{name}'");

    /// <summary>The folder that the target copies into /app.</summary>
    public string AppFolder(DockerfileTarget target) => _folders[target.Name];

    public async Task InitializeAsync()
    {
        foreach (var target in Targets)
        {
            var output = Path.Combine(_root, target.Name);
            var info = new ProcessStartInfo("dotnet") { WorkingDirectory = RepositoryRoot.Path, RedirectStandardOutput = true, RedirectStandardError = true };
            info.ArgumentList.Add("publish");
            info.ArgumentList.Add(target.Project);
            foreach (var argument in target.PublishArguments) info.ArgumentList.Add(argument);
            info.ArgumentList.Add("-o");
            info.ArgumentList.Add(output);
            info.ArgumentList.Add("-nologo");
            using var process = Process.Start(info)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(5));
            if (process.ExitCode != 0)
                throw new InvalidOperationException($"dotnet publish {target.Project} (Dockerfile target {target.Name}) failed:\n{await stdout}\n{await stderr}");
            _folders[target.Name] = output;
        }
    }

    public Task DisposeAsync()
    {
        try { Directory.Delete(_root, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        return Task.CompletedTask;
    }
}

[CollectionDefinition(Name)]
public sealed class PublishedDeployablesCollection : ICollectionFixture<PublishedDeployables>
{
    public const string Name = "published deployables";
}
