namespace Grid.Workflows.Engine.Tests;

internal static class WorkflowFiles
{
    public static string Read(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Workflows", name));

    /// <summary>The workflow file with its name replaced, so that each test registers a workflow of its own.</summary>
    public static string ReadAs(string file, string name) =>
        Read(file).Replace("\"name\": \"body-router\"", $"\"name\": \"{name}\"", StringComparison.Ordinal);
}
