namespace Grid.Workflows.Tests;

public class WorkflowValidatorTests
{
    [Fact]
    public void The_workflow_built_from_the_specification_examples_is_valid()
    {
        var errors = WorkflowValidator.Validate(WorkflowFiles.Parse("spec-example.json"));
        Assert.Empty(errors);
    }

    [Fact]
    public void Every_problem_is_reported_at_once_with_its_path()
    {
        (string Path, string Hint)[] expected =
        [
            ("$.name", "at most 15"),
            ("$.version", "required"),
            ("$.informatics_gateway.ae_title", "required"),
            ("$.tasks[0].task_destinations[0].name", "No task has the id 'ghost'"),
            ("$.tasks[0].task_destinations[1].name", "is an export destination, not a task"),
            ("$.tasks[0].task_destinations[2].conditions[0]", "not valid at position 52"),
            ("$.tasks[0].task_destinations[2].conditions[1]", "reads task 'nobody'"),
            ("$.tasks[1].artifacts.input[0].value", "task 'ghost', which is not in this workflow"),
            ("$.tasks[1].artifacts.input[1].value", "no output artifact named 'nothing'"),
            ("$.tasks[1].artifacts.input[2].value", "must be a single reference"),
            ("$.tasks[1].artifacts.input[3].value", "needs a value"),
            ("$.tasks[2].args.workflow_id", "needs args.workflow_id"),
            ("$.tasks[3].id", "already used by $.tasks[1]"),
            ("$.tasks[4].id", "may only contain"),
            ("$.tasks[5].type", "'dicom-magic' is unknown"),
            ("$.tasks[5].timeout_minutes", "at least 1 minute"),
            ("$.tasks[6].artifacts.input", "at least one input artifact"),
            ("$.tasks[6].artifacts.output", "no output artifacts"),
            ("$.tasks[6].export_destinations[0].name", "no export destination 'TEST_PACS'"),
            ("$.tasks[7].id", "required"),
            ("$.tasks[8].id", "at most 50"),
            ("$.tasks[5]", "'orphan' is never run"),
            ("$.tasks[6]", "'shipper' is never run"),
            ("$.tasks[8]", "is never run"),
            ("$.tasks[2].task_destinations[0].name", "cycle: loop_a -> loop_b -> loop_a"),
        ];

        // What a plugin's args must hold is the plugin's to declare: here one that requires workflow_id.
        var pluginDeclaringArgs = new WorkflowValidationOptions { PluginTypes = [new TaskPluginType("argo", ["workflow_id"])] };
        var errors = WorkflowValidator.Validate(WorkflowFiles.Parse("every-error.json"), pluginDeclaringArgs);

        Assert.Equal(expected.Select(e => e.Path), errors.Select(e => e.Path));
        foreach (var (error, (_, hint)) in errors.Zip(expected))
            Assert.Contains(hint, error.Message);
    }

    [Fact]
    public void Plugin_types_come_from_the_options()
    {
        var definition = WorkflowFiles.Parse("spec-example.json");
        var withoutArgo = new WorkflowValidationOptions { PluginTypes = [new TaskPluginType("monai-deploy")] };

        var errors = WorkflowValidator.Validate(definition, withoutArgo);

        Assert.Equal(4, errors.Count);
        Assert.All(errors, error => Assert.EndsWith(".type", error.Path));
        Assert.Contains("router, export, monai-deploy", errors[0].Message);
    }

    [Fact]
    public void A_destination_back_to_the_first_task_is_a_cycle()
    {
        var definition = new WorkflowDefinition
        {
            Name = "loop",
            Version = "1",
            InformaticsGateway = new InformaticsGatewaySettings { AeTitle = "AET" },
            Tasks =
            [
                new WorkflowTask { Id = "first", Type = "router", TaskDestinations = [new TaskDestination { Name = "second" }] },
                new WorkflowTask { Id = "second", Type = "router", TaskDestinations = [new TaskDestination { Name = "first" }] },
            ],
        };

        var error = Assert.Single(WorkflowValidator.Validate(definition));

        Assert.Equal("$.tasks[1].task_destinations[0].name", error.Path);
        Assert.Contains("first -> second -> first", error.Message);
    }

    [Fact]
    public void An_empty_document_reports_its_required_sections()
    {
        var errors = WorkflowValidator.Validate(new WorkflowDefinition());
        Assert.Equal(["$.name", "$.version", "$.informatics_gateway", "$.tasks"], errors.Select(e => e.Path));
    }
}
