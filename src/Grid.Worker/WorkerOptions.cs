namespace Grid.Worker;

/// <summary>Settings of the worker SDK, from <c>Grid:Worker</c>.</summary>
public sealed class WorkerOptions
{
    /// <summary>Address of the agent beside this worker, for results and subtasks created during a task.</summary>
    public string AgentAddress { get; set; } = "http://127.0.0.1:5000";

    /// <summary>Outputs up to this size go back inline with the reply; larger ones as files in the data folder.</summary>
    public int InlineOutputMaxSize { get; set; } = 1 << 20;

    /// <summary>
    /// True when the worker sees the agent's data folder (a sidecar sharing a volume): large outputs
    /// are handed over as files. False streams them to the agent instead.
    /// </summary>
    public bool SharesDataFolder { get; set; } = true;

    /// <summary>
    /// On stop, go on serving until the agent at <see cref="AgentAddress"/> stops listening (bounded by the host's
    /// shutdown timeout), so that a draining agent can finish the tasks it took. Off when the agent runs in the same process.
    /// </summary>
    public bool WaitForAgentOnStop { get; set; } = true;

    /// <summary>Chunk size of streamed outputs; smaller when the agent announces a lower <c>Grid:Limits:MaxChunkSize</c>.</summary>
    public int UploadChunkSize { get; set; } = 256 << 10;
}
