using System.Text.Json;
using Grid.Workflows.Conditions;

namespace Grid.Workflows.Tests;

public class ConditionConformanceTests
{
    public static TheoryData<int, string> Cases => ConformanceFile.CaseRows();

    [Fact]
    public void The_conformance_file_is_loaded()
    {
        Assert.NotEmpty(ConformanceFile.Cases);
        Assert.Contains(ConformanceFile.Cases, c => c.Invalid);
        Assert.Contains(ConformanceFile.Cases, c => c.Expected == true);
        Assert.Contains(ConformanceFile.Cases, c => c.Expected == false);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Case_holds_against_the_json_context(int index, string expression) =>
        AssertCase(ConformanceFile.Cases[index], expression, new JsonConditionContext(ConformanceFile.Context));

    [Theory]
    [MemberData(nameof(Cases))]
    public void Case_holds_against_the_same_context_built_from_objects(int index, string expression) =>
        AssertCase(ConformanceFile.Cases[index], expression, ObjectContextMirroringTheConformanceFile());

    private static void AssertCase(ConformanceCase expected, string expression, IConditionContext context)
    {
        var condition = Condition.Parse(expression);
        var outcome = condition.Evaluate(context);
        if (expected.Invalid)
        {
            var error = Assert.IsType<ConditionError>(condition.SyntaxError);
            Assert.InRange(error.Position, 0, expression.Length);
            Assert.False(outcome.IsTrue);
            Assert.Equal([error], outcome.Errors);
            return;
        }
        Assert.Null(condition.SyntaxError);
        Assert.Equal(expected.Expected, outcome.IsTrue);
    }

    // The conformance context again, written as the engine would build it, so both contexts must agree on every case.
    private static ConditionContext ObjectContextMirroringTheConformanceFile() => new()
    {
        CorrelationId = "c-42",
        WorkflowName = "fracture",
        WorkflowVersion = "1.0",
        WorkflowDescription = "Finds fractures in leg X-rays",
        Executions = new Dictionary<string, TaskExecutionSnapshot>
        {
            ["body_part_identifier"] = new()
            {
                Status = "success",
                Result = new Dictionary<string, object?>
                {
                    ["body_part"] = "Leg",
                    ["confidence"] = 0.93,
                    ["findings"] = new[] { "fracture", "swelling" },
                    ["count"] = 3,
                },
                ExecutionId = "ex-1",
                TaskType = "argo",
                PreviousTaskId = "router",
                StartTime = new DateTimeOffset(2022, 12, 5, 14, 6, 34, 123, TimeSpan.Zero),
                EndTime = new DateTimeOffset(2022, 12, 5, 15, 8, 0, TimeSpan.FromHours(1)),
                InputDir = "body_part_identifier/ex-1/input",
                OutputDir = "body_part_identifier/ex-1/output",
                ExecutionStats = new Dictionary<string, object?> { ["duration_seconds"] = 86.0, ["attempts"] = 1 },
                Task = JsonDocument.Parse("""{ "id": "body_part_identifier", "type": "argo", "args": { "workflow_template_name": "body-part" } }""").RootElement,
            },
            ["image_type_detector"] = new()
            {
                Status = "fail",
                ErrorMessage = "No dicom files found in input",
                Result = new Dictionary<string, object?>(),
            },
        },
        Dicom = new DicomStudySnapshot
        {
            StudyId = "S-1",
            Tags = Tags(("0010,0040", "F"), ("0010,1010", "054Y"), ("0008,0060", "CT"),
                ("0010,0010", "Doe^Jane"), ("0010,0020", "P-123"), ("0010,0030", "19700131"), ("0010,0021", "H-9")),
            Series =
            [
                Tags(("0018,0050", "2.5"), ("0008,0060", "CT"), ("0008,103E", "AXIAL 2.5mm")),
                Tags(("0018,0050", "0.625"), ("0008,0060", "CT"), ("0008,103E", "bone thin")),
                Tags(("0018,0050", "5"), ("0008,0060", "CT"), ("0008,103E", "Scout")),
            ],
        },
    };

    private static Dictionary<DicomTagKey, string> Tags(params (string Tag, string Value)[] tags) =>
        tags.ToDictionary(tag => DicomTagKey.Parse(tag.Tag), tag => tag.Value);
}
