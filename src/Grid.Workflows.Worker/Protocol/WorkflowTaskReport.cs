using System.Text.Json;
using System.Text.Json.Nodes;

namespace Grid.Workflows.Worker.Protocol;

/// <summary>
/// What a workflow task reports besides its artifacts: its result metadata (read by destination conditions as
/// <c>context.executions.&lt;task&gt;.result</c>) and how many files each output artifact received.
/// </summary>
public sealed record WorkflowTaskReport
{
    public JsonObject Result { get; init; } = [];

    /// <summary>Output artifact name to its number of files; an artifact with no file was not produced.</summary>
    public IReadOnlyDictionary<string, int> ArtifactFileCounts { get; init; } = new Dictionary<string, int>();

    public byte[] ToBytes() => JsonSerializer.SerializeToUtf8Bytes(this, ProtocolJson.Options);

    public static WorkflowTaskReport FromBytes(ReadOnlySpan<byte> data) =>
        JsonSerializer.Deserialize<WorkflowTaskReport>(data, ProtocolJson.Options)
        ?? throw new InvalidDataException("the task report is empty");
}
