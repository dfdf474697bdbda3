using Grid.Workflows.Conditions;
using Grid.Workflows.References;

namespace Grid.Workflows.Tests;

/// <summary>Workflows and conditions shaped the way MONAI Deploy Workflow Manager's users write them.</summary>
public class MonaiCompatibilityTests
{
    // Grid's workflow manager installs plugins that declare their own required args; argo declares none.
    private static readonly WorkflowValidationOptions ArgoDeclaringNoArgs = new() { PluginTypes = [new TaskPluginType("argo")] };

    [Fact]
    public void A_workflow_written_for_monai_deploy_reads_and_validates()
    {
        var definition = WorkflowFiles.Parse("monai-shaped.json");

        Assert.Empty(WorkflowValidator.Validate(definition, ArgoDeclaringNoArgs));
        Assert.All(definition.Tasks![0].TaskDestinations![0].Conditions!, c => Assert.True(Condition.Parse(c).IsValid, c));
    }

    [Fact]
    public void Whole_numbers_written_with_a_decimal_point_are_read_and_minus_one_means_no_timeout()
    {
        var tasks = WorkflowFiles.Parse("monai-shaped.json").Tasks!;

        Assert.Null(tasks[0].TimeoutMinutes);
        Assert.Equal(5, tasks[1].TimeoutMinutes);
        Assert.Equal(1, tasks[1].RetryCount);
        Assert.Null(tasks[2].TimeoutMinutes);
    }

    [Fact]
    public void A_timeout_of_minus_one_set_in_code_is_valid_and_zero_is_not()
    {
        var definition = WorkflowFiles.Parse("spec-example.json");
        var noTimeout = definition with { Tasks = [definition.Tasks![0] with { TimeoutMinutes = -1 }, .. definition.Tasks.Skip(1)] };
        var zero = definition with { Tasks = [definition.Tasks[0] with { TimeoutMinutes = 0 }, .. definition.Tasks.Skip(1)] };

        Assert.Empty(WorkflowValidator.Validate(noTimeout));
        var error = Assert.Single(WorkflowValidator.Validate(zero));
        Assert.Equal("$.tasks[0].timeout_minutes", error.Path);
        Assert.Contains("-1 for no timeout", error.Message);
    }

    [Theory]
    [InlineData("""{ "tasks": [ { "id": "t", "timeout_minutes": 1.5 } ] }""", "$.tasks[0].timeout_minutes", "Expected a whole number", "found the number 1.5")]
    [InlineData("""{ "tasks": [ { "id": "t", "timeout_minutes": "soon" } ] }""", "$.tasks[0].timeout_minutes", "Expected a whole number", "found the string \"soon\"")]
    [InlineData("""{ "tasks": [ { "id": "t" }, { "id": "u", "timeout_retries": true } ] }""", "$.tasks[1].timeout_retries", "Expected a whole number", "found the boolean true")]
    [InlineData("""{ "retention_policy": [ { "days": 2.25 } ] }""", "$.retention_policy[0].days", "Expected a whole number", "found the number 2.25")]
    [InlineData("""{ "tasks": "all of them" }""", "$.tasks", "Expected a list", "found the string")]
    [InlineData("""{ "tasks": [ "t" ] }""", "$.tasks[0]", "Expected an object", "found the string \"t\"")]
    [InlineData("""{ "name": 7 }""", "$.name", "Expected a string", "found the number 7")]
    [InlineData("""{ "tasks": [ { "artifacts": { "input": [ { "name": "a", "mandatory": "yes" } ] } } ] }""", "$.tasks[0].artifacts.input[0].mandatory", "Expected true or false", "found the string \"yes\"")]
    [InlineData("""{ "tasks": [ { "task_destinations": [ { "name": "b", "conditions": 5 } ] } ] }""", "$.tasks[0].task_destinations[0].conditions", "Expected a string or a list of strings", "found the number 5")]
    [InlineData("""{ "informatics_gateway": { "data_origins": [ 1 ] } }""", "$.informatics_gateway.data_origins[0]", "Expected a string", "found the number 1")]
    public void A_wrongly_typed_value_is_reported_with_its_path_and_the_type_the_field_takes(string json, string path, string expected, string found)
    {
        var result = WorkflowDefinition.Parse(json);

        Assert.False(result.Succeeded);
        Assert.Equal(path, result.Error.Path);
        Assert.Contains(expected, result.Error.Message);
        Assert.Contains(found, result.Error.Message);
        Assert.DoesNotContain("Grid.", result.Error.Message);
        Assert.DoesNotContain("System.", result.Error.Message);
        Assert.DoesNotContain("Int32", result.Error.Message);
    }

    [Theory]
    [InlineData("{{ context.input.dicom }}/study1", "study1")]
    [InlineData("{{ context.input }}/study1/series2/", "study1/series2")]
    [InlineData("{{ context.executions.seg.artifacts.mask }}/left", "left")]
    [InlineData("{{ context.executions.seg.output_dir }}", null)]
    public void Artifact_values_may_name_a_sub_path_or_a_task_output_folder(string value, string? subPath)
    {
        Assert.True(ArtifactReference.TryParse(value, out var reference, out var error), error);
        Assert.Equal(subPath, reference.SubPath);
    }

    [Fact]
    public void An_output_dir_reference_reads_every_output_of_the_task()
    {
        Assert.True(ArtifactReference.TryParse("{{context.executions.seg.output_dir}}/masks", out var reference, out _));
        Assert.Equal(new TaskOutputFolderReference("seg") { SubPath = "masks" }, reference);
    }

    [Theory]
    [InlineData("{{ context.input.dicom }}/../secrets")]
    [InlineData("{{ context.input.dicom }}study1")]
    [InlineData("{{ context.input.dicom }}/a\\b")]
    [InlineData("dicom/{{ context.input.dicom }}")]
    [InlineData("{{ context.executions.seg.input_dir }}")]
    public void A_sub_path_must_stay_inside_the_artifact(string value) =>
        Assert.False(ArtifactReference.TryParse(value, out _, out _));

    [Fact]
    public void An_output_dir_of_a_task_without_outputs_or_of_an_unknown_task_is_refused()
    {
        var definition = WorkflowFiles.Parse("monai-shaped.json");
        var fracture = definition.Tasks![1];
        var inputs = new[]
        {
            new Artifact { Name = "x", Value = "{{ context.executions.send.output_dir }}" },
            new Artifact { Name = "y", Value = "{{ context.executions.ghost.output_dir }}" },
        };
        var changed = definition with { Tasks = [definition.Tasks[0], fracture with { Artifacts = fracture.Artifacts! with { Input = inputs } }, definition.Tasks[2]] };

        var errors = WorkflowValidator.Validate(changed, ArgoDeclaringNoArgs);

        Assert.Equal(["$.tasks[1].artifacts.input[0].value", "$.tasks[1].artifacts.input[1].value"], errors.Select(e => e.Path));
        Assert.Contains("declares no output artifacts", errors[0].Message);
        Assert.Contains("'ghost', which is not in this workflow", errors[1].Message);
    }

    [Fact]
    public void Timestamps_read_the_way_monai_deploy_writes_them()
    {
        var context = new ConditionContext
        {
            Executions = new Dictionary<string, TaskExecutionSnapshot>
            {
                ["t"] = new() { StartTime = new DateTimeOffset(2022, 12, 5, 14, 6, 34, 999, TimeSpan.Zero), EndTime = new DateTimeOffset(2022, 12, 5, 16, 0, 0, TimeSpan.FromHours(2)) },
            },
        };

        Assert.True(Condition.Parse("{{context.executions.t.start_time}} == '2022-12-05T14:06:34'").Evaluate(context).IsTrue);
        Assert.True(Condition.Parse("{{context.executions.t.end_time}} == '2022-12-05T14:00:00'").Evaluate(context).IsTrue);
    }

    [Fact]
    public void Patient_details_given_only_per_series_are_read_when_the_series_agree()
    {
        Dictionary<DicomTagKey, string> Series(string sex) => new() { [DicomTagKey.Parse("0010,0040")] = sex };
        var agreeing = new ConditionContext { Dicom = new DicomStudySnapshot { Series = [Series("M"), Series("M")] } };
        var disagreeing = new ConditionContext { Dicom = new DicomStudySnapshot { Series = [Series("M"), Series("F")] } };
        var condition = Condition.Parse("{{context.input.patient_details.sex}} == 'M'");

        Assert.True(condition.Evaluate(agreeing).IsTrue);
        Assert.False(condition.Evaluate(disagreeing).IsTrue);
        Assert.True(Condition.Parse("{{context.input.patient_details.sex}} == NULL").Evaluate(disagreeing).IsTrue);
    }
}
