using Grid.Workflows.Conditions;

namespace Grid.Workflows.Tests;

public class ConditionSyntaxErrorTests
{
    [Theory]
    [InlineData("", 0, "empty")]
    [InlineData("   ", 0, "empty")]
    [InlineData("'a' == ", 7, "after '=='")]
    [InlineData("AND 'a' == 'a'", 0, "'AND'")]
    [InlineData("('a' == 'a'", 11, "')'")]
    [InlineData("'a' === 'a'", 6, "'=='")]
    [InlineData("'a' = 'a'", 4, "'=='")]
    [InlineData("{{context.executions.x.status == 'a'", 0, "never closed")]
    [InlineData("'a' LIKE 'a'", 4, "LIKE")]
    [InlineData("'a' == 'b", 7, "never closed")]
    [InlineData("'a' == 'a' 'b'", 11, "'b'")]
    [InlineData("'a' == 'a' AND", 14, "end of the condition")]
    [InlineData("'a' == ['x' 'y']", 12, "']'")]
    [InlineData("'a' ! 'b'", 4, "'!'")]
    [InlineData("{{ context.nope }} == 'a'", 11, "nope")]
    [InlineData("{{context.executions.t.colour}} == 'a'", 23, "colour")]
    [InlineData("{{context.input.dicom.tags('10','0040')}} == 'F'", 22, "four hexadecimal digits")]
    [InlineData("{{context.input.dicom.series.some('0010','0040')}} == 'F'", 29, "some")]
    [InlineData("{{context.executions}} == 'a'", 20, "incomplete")]
    [InlineData("{{context.executions.t.artifacts.x}} == 'a'", 23, "Artifacts")]
    [InlineData("{{ }} == 'a'", 3, "empty")]
    [InlineData("{{context..status}} == 'a'", 10, "'.'")]
    public void The_error_names_the_position(string text, int position, string hint)
    {
        var error = Condition.Parse(text).SyntaxError;
        Assert.NotNull(error);
        Assert.Equal(position, error.Position);
        Assert.Contains(hint, error.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("{{ context.executions.my-task-id.status }} == 'success'")]
    [InlineData("{{context.executions.t.result.a.b.c}} != NULL")]
    [InlineData("{{context.input.dicom.study_id}} == \"S-1\"")]
    [InlineData("{{context.input.dicom.tags( '0010' , '0040' )}} == 'F'")]
    [InlineData("{{context.workflow.version}} >= 1.5e0")]
    [InlineData("{{context.executions.t.start_time}} != NULL")]
    [InlineData("[] == NULL")]
    [InlineData("{{context.executions.t.result.flag}} == TRUE")]
    public void Well_formed_conditions_parse(string text) => Assert.Null(Condition.Parse(text).SyntaxError);
}
