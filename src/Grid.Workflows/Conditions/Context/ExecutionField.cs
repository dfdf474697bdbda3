namespace Grid.Workflows.Conditions;

/// <summary>The single-valued fields of a task execution a condition may read.</summary>
public enum ExecutionField
{
    /// <summary><c>status</c>: "success", "fail", "cancelled" or "running" (see <see cref="ExecutionStatusNames"/>).</summary>
    Status,

    /// <summary><c>error_msg</c></summary>
    ErrorMessage,

    /// <summary><c>execution_id</c></summary>
    ExecutionId,

    /// <summary><c>start_time</c>, as a UTC timestamp <c>yyyy-MM-ddTHH:mm:ss</c>.</summary>
    StartTime,

    /// <summary><c>end_time</c>, as <see cref="StartTime"/>.</summary>
    EndTime,

    /// <summary><c>task_id</c>: the id of the task in the workflow.</summary>
    TaskId,

    /// <summary><c>task_type</c>: the task's <c>type</c>.</summary>
    TaskType,

    /// <summary><c>previous_task_id</c>: the task whose destination started this execution.</summary>
    PreviousTaskId,

    /// <summary><c>input_dir</c>: where the execution's inputs are kept.</summary>
    InputDir,

    /// <summary><c>output_dir</c>: where the execution's outputs are kept.</summary>
    OutputDir,
}
