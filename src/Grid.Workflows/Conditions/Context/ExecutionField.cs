namespace Grid.Workflows.Conditions;

/// <summary>The fields of a task execution a condition may read besides its result.</summary>
public enum ExecutionField
{
    /// <summary><c>status</c>: "success", "fail" or "error".</summary>
    Status,

    /// <summary><c>error_msg</c></summary>
    ErrorMessage,

    /// <summary><c>execution_id</c></summary>
    ExecutionId,

    /// <summary><c>start_time</c>, as an ISO 8601 UTC timestamp.</summary>
    StartTime,

    /// <summary><c>end_time</c>, as an ISO 8601 UTC timestamp.</summary>
    EndTime,
}
