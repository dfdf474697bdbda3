using System.Text.Json;
using System.Text.Json.Serialization;

namespace Grid.Workflows;

// Trailing commas and comments are allowed because the specification's own examples carry them.
[JsonSourceGenerationOptions(
    Converters = [typeof(WholeNumberConverter)],
    AllowTrailingCommas = true,
    ReadCommentHandling = JsonCommentHandling.Skip,
    NumberHandling = JsonNumberHandling.AllowReadingFromString,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    WriteIndented = true)]
[JsonSerializable(typeof(WorkflowDefinition))]
internal sealed partial class WorkflowJsonContext : JsonSerializerContext;
