namespace Grid.Core;

/// <summary>Limits on input, configurable under <c>Grid:Limits</c>. A request beyond one is refused, naming the limit.</summary>
public sealed class GridLimits
{
    public const string Section = "Grid:Limits";

    /// <summary>The configuration key of a limit, as refusals name it: <c>Grid:Limits:MaxTasksPerBatch</c>.</summary>
    public static string Setting(string limit) => $"{Section}:{limit}";

    public int MaxTasksPerBatch { get; set; } = 10_000;
    public int MaxResultsPerBatch { get; set; } = 10_000;
    public int MaxDependenciesPerTask { get; set; } = 10_000;
    /// <summary>Largest chunk accepted in an upload.</summary>
    public int MaxChunkSize { get; set; } = 4 << 20;
    /// <summary>Chunk size of downloads.</summary>
    public int DownloadChunkSize { get; set; } = 256 << 10;
    /// <summary>Largest data accepted inline in a creation request, per result.</summary>
    public int MaxInlineDataSize { get; set; } = 4 << 20;
    /// <summary>Inputs up to this size go to the worker inside the request; larger ones as files.</summary>
    public int WorkerInlineDataSize { get; set; } = 1 << 20;
    /// <summary>Deepest subtask: a client's task is at depth 0, a subtask one deeper than its parent.</summary>
    public int MaxSubtaskDepth { get; set; } = 100;
    /// <summary>Largest gRPC message the servers accept.</summary>
    public int MaxMessageSize { get; set; } = 64 << 20;

    /// <summary>Refuses a chunk of an upload larger than <see cref="MaxChunkSize"/>, as every upload (control plane, agent) does.</summary>
    public void CheckUploadChunk(int length)
    {
        if (length > MaxChunkSize)
            throw GridException.ResourceExhausted("data_chunk", $"a chunk of {length} bytes exceeds the limit of {MaxChunkSize} ({Setting(nameof(MaxChunkSize))})");
    }
}
