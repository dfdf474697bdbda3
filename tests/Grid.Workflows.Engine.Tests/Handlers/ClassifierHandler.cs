using System.Text;
using System.Text.Json.Nodes;
using Grid.Workflows.Worker;

namespace Grid.Workflows.Engine.Tests.Handlers;

/// <summary>
/// Test application <c>test-classifier</c>: reads the body parts from the input's <c>body_parts.txt</c> and the
/// modality from the DICOM tags, returns them as result metadata, and writes a report.
/// </summary>
public sealed class ClassifierHandler : WorkflowTaskHandler
{
    public const string Application = "test-classifier";

    protected override Task HandleAsync(WorkflowTaskContext context, CancellationToken cancellationToken)
    {
        var scan = context.ReadInput("scan");
        var text = scan.FirstOrDefault(f => f.Path == "body_parts.txt") is { } file ? Encoding.UTF8.GetString(file.Data) : "";
        var parts = text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        context.Result["body_parts"] = new JsonArray(parts.Select(p => (JsonNode?)JsonValue.Create(p)).ToArray());
        context.Result["confidence"] = 0.9;
        context.Result["modality"] = context.StudyTag("0008,0060");
        if (context.OutputNames.Contains("report"))
            context.AddOutputFile("report", "classification.txt", Encoding.UTF8.GetBytes($"body parts: {string.Join(", ", parts)}"));
        return Task.CompletedTask;
    }
}
