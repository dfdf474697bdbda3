namespace Grid.Agent;

/// <summary>Settings of a polling agent, from <c>Grid:Agent</c>.</summary>
public sealed class AgentOptions
{
    /// <summary>Identifies this agent as the owner of the tasks it holds.</summary>
    public string AgentId { get; set; } = $"{Environment.MachineName}-{Guid.NewGuid():N}"[..Math.Min(40, Environment.MachineName.Length + 33)];

    /// <summary>Partitions whose queues this agent serves.</summary>
    public List<string> Partitions { get; set; } = [];

    /// <summary>Address of the worker beside this agent.</summary>
    public string WorkerAddress { get; set; } = "http://127.0.0.1:5000";

    /// <summary>Tasks run at once on the worker.</summary>
    public int Concurrency { get; set; } = 16;

    /// <summary>Folder shared with the worker for inputs and outputs too large to travel inline.</summary>
    public string DataFolder { get; set; } = Path.Combine(Path.GetTempPath(), "grid-agent");

    /// <summary>How long a taken task stays ours without renewal.</summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>On shutdown, how long running tasks may go on before they are handed back (without spending an attempt).</summary>
    public TimeSpan ShutdownGracePeriod { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>How often the agent checks that the tasks it runs were not cancelled meanwhile.</summary>
    public TimeSpan WatchInterval { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>How long one poll of the queue waits for a message.</summary>
    public TimeSpan PollWait { get; set; } = TimeSpan.FromSeconds(1);
}
