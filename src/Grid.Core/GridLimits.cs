namespace Grid.Core;

/// <summary>Limits on input, configurable under <c>Grid:Limits</c>. A request beyond one is refused, naming the limit.</summary>
public sealed class GridLimits
{
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
    /// <summary>Largest gRPC message the servers accept.</summary>
    public int MaxMessageSize { get; set; } = 64 << 20;
}
