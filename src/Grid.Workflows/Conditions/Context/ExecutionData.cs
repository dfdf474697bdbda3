namespace Grid.Workflows.Conditions;

/// <summary>The objects of a task execution a condition reads by key, such as <c>result.&lt;key&gt;</c>.</summary>
public enum ExecutionData
{
    /// <summary><c>result</c>: the metadata the task returned.</summary>
    Result,

    /// <summary><c>execution_stats</c>: figures about the run (duration, attempts) recorded by the engine.</summary>
    ExecutionStats,

    /// <summary><c>task</c>: the task's definition in the workflow.</summary>
    Task,
}
