namespace Grid.Deployment.Tests;

/// <summary>values.schema.json refuses wrong values, and Helm's message names the value.</summary>
public class ValuesSchemaTests
{
    [Theory]
    [InlineData("unknown-queue-kind.yaml", "/storage/queue/kind", "value must be one of 'RabbitMQ', 'Sqs', 'PostgreSql'")]
    [InlineData("pool-without-partition.yaml", "/pools/0", "missing property 'partition'")]
    [InlineData("negative-replicas.yaml", "/controlPlane/replicas", "minimum: got -1, want 0")]
    public async Task Bad_values_fail_with_a_message_naming_the_value(string valuesFile, string valuePath, string problem)
    {
        var result = await Helm.TemplateAsync([RepositoryRoot.Combine("tests", "Grid.Deployment.Tests", "values", valuesFile)]);

        Assert.NotEqual(0, result.ExitCode);
        var line = result.Stderr.Split('\n').FirstOrDefault(l => l.Contains($"'{valuePath}'"));
        Assert.True(line is not null, $"no line naming '{valuePath}': {result}");
        Assert.Contains(problem, line);
    }

    [Fact]
    public async Task A_negative_pool_replica_count_is_refused_too()
    {
        var result = await Helm.TemplateAsync(sets: ["poolDefaults.replicas=-1"]);
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("'/poolDefaults/replicas'", result.Stderr);
    }

    [Fact]
    public async Task A_misspelt_value_is_refused()
    {
        var result = await Helm.TemplateAsync(sets: ["controlPlane.replica=3"]);
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("replica", result.Stderr);
    }
}
