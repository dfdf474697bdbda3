namespace Grid.Hosting;

public sealed class EmbeddedGridOptions
{
    /// <summary>Port on 127.0.0.1; 0 picks a free one.</summary>
    public int Port { get; set; } = 5000;

    /// <summary>
    /// Folder that keeps the grid's state (tables in SQLite, result data in files): a restarted grid resumes
    /// the unfinished work. Null keeps everything in memory.
    /// </summary>
    public string? DataFolder { get; set; }

    /// <summary>Tasks the agent runs at once on the sample worker.</summary>
    public int AgentConcurrency { get; set; } = 64;

    /// <summary>Only warnings and errors are logged.</summary>
    public bool Quiet { get; set; }

    /// <summary>Further settings, as configuration keys (for example <c>Grid:Limits:MaxTasksPerBatch</c>).</summary>
    public IDictionary<string, string?> Settings { get; } = new Dictionary<string, string?>();

    /// <summary>Further services served on the same port (for example the workflow manager).</summary>
    public IList<IEmbeddedGridExtension> Extensions { get; } = new List<IEmbeddedGridExtension>();
}
