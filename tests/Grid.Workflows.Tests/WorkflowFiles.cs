namespace Grid.Workflows.Tests;

public static class WorkflowFiles
{
    public static string Read(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Workflows", name));

    public static WorkflowDefinition Parse(string name)
    {
        var result = WorkflowDefinition.Parse(Read(name));
        Assert.True(result.Succeeded, result.Error?.ToString());
        return result.Definition;
    }
}
