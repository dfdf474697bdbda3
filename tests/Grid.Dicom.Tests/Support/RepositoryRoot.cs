namespace Grid.Dicom.Tests.Support;

/// <summary>The repository's root folder (the one holding Grid.sln), found from the test assembly's folder.</summary>
public static class RepositoryRoot
{
    public static string Path { get; } = Find();

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "Grid.sln"))) return dir.FullName;
        throw new InvalidOperationException("The repository root (with Grid.sln) is not above the test assembly.");
    }
}
