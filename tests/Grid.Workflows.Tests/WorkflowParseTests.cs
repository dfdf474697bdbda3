namespace Grid.Workflows.Tests;

public class WorkflowParseTests
{
    [Fact]
    public void The_specification_example_reads_with_snake_case_fields()
    {
        var definition = WorkflowFiles.Parse("spec-example.json");

        Assert.Equal("fracture", definition.Name);
        Assert.Equal("MY_AET", definition.InformaticsGateway!.AeTitle);
        Assert.Equal(["PROD_PACS"], definition.InformaticsGateway.ExportDestinations!);
        var first = definition.Tasks![0];
        Assert.Equal(10, first.TimeoutMinutes);
        Assert.Equal(2, first.RetryCount);
        Assert.Equal("http://argo.local:2746", first.Args!["server_url"].GetString());
        Assert.True(first.Artifacts!.Input![0].Mandatory);
        Assert.Equal("{{ context.input.dicom }}", first.Artifacts.Input[0].Value);
        Assert.Equal(30, definition.RetentionPolicy![0].Days);
    }

    [Fact]
    public void A_single_condition_string_reads_as_a_list_of_one()
    {
        var router = WorkflowFiles.Parse("spec-example.json").Tasks![2];
        Assert.Equal(2, router.TaskDestinations![0].Conditions!.Count);
        Assert.Single(router.TaskDestinations[1].Conditions!);
    }

    [Fact]
    public void Unknown_fields_are_kept()
    {
        var result = WorkflowDefinition.Parse("""{ "name": "w", "owner": "radiology", "tasks": [ { "id": "t", "type": "argo", "priority": 3 } ] }""");

        Assert.True(result.Succeeded);
        Assert.Equal("radiology", result.Definition.AdditionalFields!["owner"].GetString());
        Assert.Equal(3, result.Definition.Tasks![0].AdditionalFields!["priority"].GetInt32());
    }

    [Fact]
    public void A_syntax_error_comes_back_with_its_line_and_column()
    {
        var result = WorkflowDefinition.Parse("{\n  \"name\": \"w\",\n  \"version\": 1.0.0\n}");

        Assert.False(result.Succeeded);
        Assert.Equal(3, result.Error.Line);
        Assert.Equal(17, result.Error.Column);
        Assert.Equal("$.version", result.Error.Path);
    }

    [Fact]
    public void A_wrongly_typed_field_comes_back_with_its_path()
    {
        var result = WorkflowDefinition.Parse("""{ "tasks": [ { "id": "t" }, { "id": "u", "timeout_minutes": { "value": 5 } } ] }""");

        Assert.False(result.Succeeded);
        Assert.Equal("$.tasks[1].timeout_minutes", result.Error.Path);
        Assert.Equal(1, result.Error.Line);
    }

    [Fact]
    public void A_null_document_is_refused()
    {
        var result = WorkflowDefinition.Parse("null");
        Assert.False(result.Succeeded);
        Assert.Equal("$", result.Error.Path);
    }
}
