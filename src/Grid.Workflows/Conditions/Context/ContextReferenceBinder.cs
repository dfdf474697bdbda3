using Grid.Workflows.Conditions.Syntax;

namespace Grid.Workflows.Conditions;

/// <summary>
/// Checks a placeholder path against the fields a condition may read and turns it into a typed reference,
/// so that a misspelt reference is refused when the workflow is registered rather than silently read as NULL.
/// </summary>
internal static class ContextReferenceBinder
{
    private const string Roots =
        "correlation_id, workflow.name, workflow.version, workflow.description, executions.<task>..., input.dicom..., input.patient_details..., dicom...";

    private static readonly Dictionary<string, ExecutionField> ExecutionFields = new()
    {
        ["status"] = ExecutionField.Status,
        ["error_msg"] = ExecutionField.ErrorMessage,
        ["execution_id"] = ExecutionField.ExecutionId,
        ["start_time"] = ExecutionField.StartTime,
        ["end_time"] = ExecutionField.EndTime,
        ["task_id"] = ExecutionField.TaskId,
        ["task_type"] = ExecutionField.TaskType,
        ["previous_task_id"] = ExecutionField.PreviousTaskId,
        ["input_dir"] = ExecutionField.InputDir,
        ["output_dir"] = ExecutionField.OutputDir,
    };

    private static readonly Dictionary<string, ExecutionData> ExecutionObjects = new()
    {
        ["result"] = ExecutionData.Result,
        ["execution_stats"] = ExecutionData.ExecutionStats,
        ["task"] = ExecutionData.Task,
    };

    private static string ExecutionFieldNames => string.Join(", ", ExecutionObjects.Keys.Concat(ExecutionFields.Keys));

    public static ContextReference Bind(ContextPath path, int position)
    {
        var reader = new SegmentReader(path.Segments);
        reader.Expect("context", "A reference starts with 'context'");
        var root = reader.Next($"After 'context' comes one of {Roots}");
        ContextReference reference = root.Name switch
        {
            "correlation_id" => new CorrelationIdReference(position),
            "workflow" => BindWorkflow(reader, position),
            "executions" => BindExecution(reader, position),
            "input" => BindInput(reader, position),
            // MONAI Deploy's documentation writes context.dicom for what Grid calls context.input.dicom.
            "dicom" => BindDicom(reader, position),
            _ => throw new ConditionSyntaxException(root.Position, $"Unknown context field '{root.Name}'; expected one of {Roots}."),
        };
        reader.ExpectEnd();
        return reference;
    }

    private static ContextReference BindWorkflow(SegmentReader reader, int position)
    {
        var field = reader.Next("After 'workflow' comes 'name', 'version' or 'description'");
        return field.Name switch
        {
            "name" => new WorkflowNameReference(position),
            "version" => new WorkflowVersionReference(position),
            "description" => new WorkflowDescriptionReference(position),
            _ => throw new ConditionSyntaxException(field.Position,
                $"Unknown workflow field '{field.Name}'; expected 'name', 'version' or 'description'."),
        };
    }

    private static ContextReference BindExecution(SegmentReader reader, int position)
    {
        var task = reader.Next("After 'executions' comes a task id");
        var field = reader.Next($"After the task id comes one of {ExecutionFieldNames}");
        if (ExecutionObjects.TryGetValue(field.Name, out var data))
            return new ExecutionDataReference(position, task.Name, data, reader.Rest().Select(s => s.Name).ToList());
        if (ExecutionFields.TryGetValue(field.Name, out var executionField))
            return new ExecutionFieldReference(position, task.Name, executionField);
        if (field.Name == "artifacts")
            throw new ConditionSyntaxException(field.Position, "Artifacts are passed to tasks as inputs; a condition cannot read them.");
        throw new ConditionSyntaxException(field.Position, $"Unknown execution field '{field.Name}'; expected one of {ExecutionFieldNames}.");
    }

    private static ContextReference BindInput(SegmentReader reader, int position)
    {
        var section = reader.Next("After 'input' comes 'dicom' or 'patient_details'");
        return section.Name switch
        {
            "dicom" => BindDicom(reader, position),
            "patient_details" => BindPatientDetail(reader, position),
            _ => throw new ConditionSyntaxException(section.Position, $"Unexpected '{section.Name}'. After 'input' comes 'dicom' or 'patient_details'."),
        };
    }

    private static ContextReference BindPatientDetail(SegmentReader reader, int position)
    {
        var names = string.Join(", ", PatientDetails.ByName.Keys);
        var field = reader.Next($"After 'patient_details' comes one of {names}");
        return PatientDetails.ByName.TryGetValue(field.Name, out var detail)
            ? new PatientDetailReference(position, detail)
            : throw new ConditionSyntaxException(field.Position, $"Unknown patient detail '{field.Name}'; expected one of {names}.");
    }

    private static ContextReference BindDicom(SegmentReader reader, int position)
    {
        var field = reader.Next("After 'dicom' comes study_id, tags(g,e) or series.any(g,e) / series.all(g,e)");
        switch (field.Name)
        {
            case "study_id":
                return new StudyIdReference(position);
            case "tags":
                return new StudyTagReference(position, TagArguments(field));
            case "series":
                var quantifier = reader.Next("After 'series' comes any(g,e) or all(g,e)");
                return quantifier.Name switch
                {
                    "any" => new SeriesTagReference(position, TagArguments(quantifier), SeriesQuantifier.Any),
                    "all" => new SeriesTagReference(position, TagArguments(quantifier), SeriesQuantifier.All),
                    _ => throw new ConditionSyntaxException(quantifier.Position, $"Unknown series function '{quantifier.Name}'; expected any(g,e) or all(g,e)."),
                };
            default:
                throw new ConditionSyntaxException(field.Position,
                    $"Unknown DICOM field '{field.Name}'; expected study_id, tags(g,e) or series.any(g,e) / series.all(g,e).");
        }
    }

    private static DicomTagKey TagArguments(ContextPathSegment call)
    {
        if (call.Arguments is [var group, var element] && DicomTagKey.TryParse(group, element, out var tag))
            return tag.Value;
        throw new ConditionSyntaxException(call.Position,
            $"{call.Name} takes a DICOM group and element of four hexadecimal digits each, such as {call.Name}('0010','0040').");
    }

    /// <summary>Walks the segments, refusing call arguments where a plain name is expected.</summary>
    private sealed class SegmentReader(IReadOnlyList<ContextPathSegment> segments)
    {
        private int _index;

        public ContextPathSegment Next(string expectation)
        {
            if (_index >= segments.Count)
            {
                var last = segments[^1];
                throw new ConditionSyntaxException(last.Position + last.Name.Length, $"The reference is incomplete. {expectation}.");
            }
            var segment = segments[_index++];
            var isCall = segment.Name is "tags" or "any" or "all";
            if (segment.Arguments is not null && !isCall)
                throw new ConditionSyntaxException(segment.Position, $"'{segment.Name}' is a field, not a function; remove the parentheses.");
            return segment;
        }

        public void Expect(string name, string expectation)
        {
            var segment = Next(expectation);
            if (segment.Name != name)
                throw new ConditionSyntaxException(segment.Position, $"Unexpected '{segment.Name}'. {expectation}.");
        }

        public IReadOnlyList<ContextPathSegment> Rest()
        {
            var rest = segments.Skip(_index).ToList();
            _index = segments.Count;
            var call = rest.FirstOrDefault(segment => segment.Arguments is not null);
            if (call is not null)
                throw new ConditionSyntaxException(call.Position, $"'{call.Name}' is a field, not a function; remove the parentheses.");
            return rest;
        }

        public void ExpectEnd()
        {
            if (_index < segments.Count)
                throw new ConditionSyntaxException(segments[_index].Position, $"Unexpected '{segments[_index].Name}'; the reference should end before it.");
        }
    }
}
