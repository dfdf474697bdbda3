namespace Grid.Deployment.Tests;

/// <summary>The repository the tests run from: the first folder above the test assembly holding Grid.sln.</summary>
internal static class RepositoryRoot
{
    public static string Path { get; } = Find();

    public static string Combine(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "Grid.sln")))
                return dir.FullName;
        throw new InvalidOperationException($"no Grid.sln above {AppContext.BaseDirectory}");
    }
}
