using Grid.Workflows.Conditions;

namespace Grid.Workflows.Tests;

public class ConditionEvaluationTests
{
    private static readonly ConditionContext Context = new()
    {
        Executions = new Dictionary<string, TaskExecutionSnapshot>
        {
            ["detector"] = new()
            {
                Status = "success",
                Result = new Dictionary<string, object?>
                {
                    ["label"] = "abc",
                    ["nested"] = new Dictionary<string, object?> { ["score"] = 7 },
                    ["flag"] = true,
                },
            },
        },
        Dicom = new DicomStudySnapshot
        {
            Series =
            [
                new Dictionary<DicomTagKey, string> { [DicomTagKey.Parse("0018,0050")] = "0.5" },
                new Dictionary<DicomTagKey, string>(),
            ],
        },
    };

    [Fact]
    public void An_ordering_on_text_is_false_and_records_the_error_at_the_operator()
    {
        var outcome = Condition.Parse("{{context.executions.detector.result.label}} > 5").Evaluate(Context);
        Assert.False(outcome.IsTrue);
        var error = Assert.Single(outcome.Errors);
        Assert.Equal(45, error.Position);
        Assert.Contains("numbers", error.Message);
    }

    [Theory]
    [InlineData("NOT {{context.executions.detector.result.label}} > 5")]
    [InlineData("{{context.executions.detector.result.label}} > 5 OR 'a' == 'a'")]
    [InlineData("NOT ('a' CONTAINS NULL)")]
    public void An_error_makes_the_whole_condition_false(string text)
    {
        var outcome = Condition.Parse(text).Evaluate(Context);
        Assert.False(outcome.IsTrue);
        Assert.NotEmpty(outcome.Errors);
    }

    [Fact]
    public void An_invalid_condition_met_at_run_time_is_false_with_its_syntax_error()
    {
        var condition = Condition.Parse("'a' == ");
        var outcome = condition.Evaluate(Context);
        Assert.False(outcome.IsTrue);
        Assert.Equal([condition.SyntaxError!], outcome.Errors);
    }

    [Theory]
    [InlineData("{{context.executions.detector.result.nested.score}} == 7.0", true)]
    [InlineData("{{context.executions.detector.result.flag}} == TRUE", true)]
    [InlineData("{{context.executions.detector.status}} == 'SUCCESS'", true)]
    [InlineData("{{context.executions.detector.error_msg}} == NULL", true)]
    [InlineData("{{context.input.dicom.series.any('0018','0050')}} < 1", true)]
    [InlineData("{{context.input.dicom.series.all('0018','0050')}} == NULL", false)]
    [InlineData("{{context.input.dicom.series.any('0018','0050')}} == NULL", true)]
    [InlineData("'5' > {{context.input.dicom.series.any('0018','0050')}}", true)]
    [InlineData("{{context.input.dicom.tags('0010','0040')}} == NULL", true)]
    public void Values_are_read_from_the_context(string text, bool expected)
    {
        var outcome = Condition.Parse(text).Evaluate(Context);
        Assert.Equal(expected, outcome.IsTrue);
    }

    [Fact]
    public void Series_all_over_a_series_missing_the_tag_is_an_error_not_a_silent_false()
    {
        var outcome = Condition.Parse("{{context.input.dicom.series.all('0018','0050')}} < 1").Evaluate(Context);
        Assert.False(outcome.IsTrue);
        Assert.Contains("series 2", Assert.Single(outcome.Errors).Message);
    }

    [Fact]
    public void A_study_without_series_reads_series_tags_as_null()
    {
        var noSeries = new ConditionContext();
        Assert.True(Condition.Parse("{{context.input.dicom.series.all('0008','0060')}} == NULL").Evaluate(noSeries).IsTrue);
        Assert.False(Condition.Parse("{{context.input.dicom.series.any('0008','0060')}} == 'CT'").Evaluate(noSeries).IsTrue);
    }

    [Fact]
    public void A_list_of_conditions_means_all_of_them()
    {
        Assert.True(ConditionList.EvaluateAll(Array.Empty<Condition>(), Context).IsTrue);
        Assert.True(ConditionList.EvaluateAll(["'a' == 'a'", "'b' == 'b'"], Context).IsTrue);
        Assert.False(ConditionList.EvaluateAll(["'a' == 'a'", "'b' == 'c'"], Context).IsTrue);
        var withError = ConditionList.EvaluateAll(["'a' == 'a'", "'b' > 1", "'c' =="], Context);
        Assert.False(withError.IsTrue);
        Assert.Equal(2, withError.Errors.Count);
    }

    [Fact]
    public void References_list_the_tasks_a_condition_reads()
    {
        var condition = Condition.Parse("{{context.executions.a.status}} == 'success' AND {{context.executions.b.result.x}} > 1");
        Assert.Equal(["a", "b"], condition.References.OfType<TaskExecutionReference>().Select(r => r.TaskId));
    }
}
