namespace Grid.Api;

/// <summary>Headers the agent sends with every call to its worker: what the worker must know of the grid before it calls back.</summary>
public static class WorkerCallHeaders
{
    /// <summary>The grid's <c>Grid:Limits:MaxChunkSize</c>: the largest chunk the agent accepts in an upload.</summary>
    public const string MaxChunkSize = "grid-max-chunk-size";
}
