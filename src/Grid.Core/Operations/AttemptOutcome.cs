using Grid.Core.Model;

namespace Grid.Core.Operations;

/// <summary>What one attempt of a task left behind: output data already stored, and the subtasks it created.</summary>
public sealed class AttemptOutcome
{
    /// <summary>Results whose data the attempt stored, with their sizes. They complete only if the attempt succeeds.</summary>
    public Dictionary<string, long> ProducedOutputs { get; } = new();

    /// <summary>Subtasks created by the attempt, still invisible (Creating).</summary>
    public List<TaskRecord> Subtasks { get; } = [];

    /// <summary>Results the attempt created (for its subtasks).</summary>
    public HashSet<string> CreatedResults { get; } = [];
}
