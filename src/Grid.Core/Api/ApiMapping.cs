using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Grid.Core.Model;
using V1 = Grid.Api.V1;

namespace Grid.Core.Api;

/// <summary>Conversions between the public API messages and the grid's records.</summary>
public static class ApiMapping
{
    public static Timestamp? ToApi(this DateTime? time) => time is { } t ? Timestamp.FromDateTime(DateTime.SpecifyKind(t, DateTimeKind.Utc)) : null;
    public static Timestamp ToApi(this DateTime time) => Timestamp.FromDateTime(DateTime.SpecifyKind(time, DateTimeKind.Utc));

    /// <param name="field">Where the options are in the request, for the message of a refusal.</param>
    public static GridTaskOptions ToModel(this V1.TaskOptions? options, string field = "options") => options is null
        ? GridTaskOptions.Empty
        : new GridTaskOptions
        {
            MaxDuration = options.MaxDuration.ToModel($"{field}.max_duration"),
            MaxRetries = options.HasMaxRetries ? options.MaxRetries : null,
            Priority = options.HasPriority ? options.Priority : null,
            PartitionId = NullIfEmpty(options.PartitionId),
            ApplicationName = NullIfEmpty(options.ApplicationName),
            ApplicationVersion = NullIfEmpty(options.ApplicationVersion),
            Options = options.Options.Count == 0 ? GridTaskOptions.EmptyOptions : new Dictionary<string, string>(options.Options),
        };

    public static V1.TaskOptions ToApi(this GridTaskOptions options)
    {
        var api = new V1.TaskOptions
        {
            PartitionId = options.PartitionId ?? "",
            ApplicationName = options.ApplicationName ?? "",
            ApplicationVersion = options.ApplicationVersion ?? "",
        };
        if (options.MaxDuration is { } duration) api.MaxDuration = Duration.FromTimeSpan(duration);
        if (options.MaxRetries is { } retries) api.MaxRetries = retries;
        if (options.Priority is { } priority) api.Priority = priority;
        foreach (var (key, value) in options.Options) api.Options[key] = value;
        return api;
    }

    public static V1.Session ToApi(this SessionRecord session)
    {
        var api = new V1.Session
        {
            SessionId = session.SessionId,
            Status = (V1.SessionStatus)session.Status,
            // What its tasks will get: the grid's defaults under the session's, as the submitter merges them.
            DefaultTaskOptions = session.DefaultOptions.Over(GridTaskOptions.GridDefaults).ToApi(),
            CreatedAt = session.CreatedAt.ToApi(),
            CancelledAt = session.CancelledAt.ToApi(),
            ClosedAt = session.ClosedAt.ToApi(),
        };
        api.PartitionIds.Add(session.PartitionIds);
        return api;
    }

    public static V1.Result ToApi(this ResultRecord result) => new()
    {
        SessionId = result.SessionId,
        ResultId = result.ResultId,
        Name = result.Name,
        Status = (V1.ResultStatus)result.Status,
        OwnerTaskId = result.OwnerTaskId ?? "",
        CreatedByTaskId = result.CreatedByTaskId ?? "",
        Size = result.Size,
        CreatedAt = result.CreatedAt.ToApi(),
        CompletedAt = result.CompletedAt.ToApi(),
    };

    public static V1.TaskInfo ToApi(this TaskRecord task)
    {
        var api = new V1.TaskInfo
        {
            SessionId = task.SessionId,
            TaskId = task.TaskId,
            Status = (V1.TaskStatus)task.Status,
            Options = task.Options.ToApi(),
            PayloadId = task.PayloadId,
            ParentTaskId = task.ParentTaskId ?? "",
            Depth = task.Depth,
            Attempt = task.Attempt,
            OwnerAgentId = task.OwnerAgentId ?? "",
            CreatedAt = task.CreatedAt.ToApi(),
            SubmittedAt = task.SubmittedAt.ToApi(),
            StartedAt = task.StartedAt.ToApi(),
            EndedAt = task.EndedAt.ToApi(),
        };
        api.DataDependencies.Add(task.DataDependencies);
        api.ExpectedOutputIds.Add(task.ExpectedOutputIds);
        if (task.Status == TaskState.Completed) api.Output = new V1.TaskOutput { Success = true };
        else if (task.Error is not null) api.Output = new V1.TaskOutput { Success = false, Error = task.Error };
        return api;
    }

    public static V1.SubmitTasksResponse.Types.SubmittedTask ToSubmitted(this TaskRecord task)
    {
        var api = new V1.SubmitTasksResponse.Types.SubmittedTask { TaskId = task.TaskId, PayloadId = task.PayloadId };
        api.DataDependencies.Add(task.DataDependencies);
        api.ExpectedOutputIds.Add(task.ExpectedOutputIds);
        return api;
    }

    /// <param name="field">Where the task is in the request (<c>tasks[3]</c>), for the message of a refusal.</param>
    public static TaskSpec ToModel(this V1.TaskCreation creation, string field = "task") => new(
        creation.PayloadId, creation.DataDependencies.ToList(), creation.ExpectedOutputIds.ToList(), creation.Options.ToModel($"{field}.options"));

    /// <summary>The time, or INVALID_ARGUMENT naming the field when its seconds or nanos are out of range.</summary>
    public static DateTime? ToModel(this Timestamp? time, string field)
    {
        try
        {
            return time?.ToDateTime();
        }
        catch (InvalidOperationException)
        {
            throw GridException.InvalidArgument(field, $"seconds {time!.Seconds} and nanos {time.Nanos} are not a time between years 1 and 9999");
        }
    }

    /// <summary>The duration, or INVALID_ARGUMENT naming the field when its seconds or nanos are out of range or of opposite signs.</summary>
    public static TimeSpan? ToModel(this Duration? duration, string field)
    {
        try
        {
            return duration?.ToTimeSpan();
        }
        catch (InvalidOperationException)
        {
            throw GridException.InvalidArgument(field, $"seconds {duration!.Seconds} and nanos {duration.Nanos} are not a duration (at most 10,000 years, both of one sign)");
        }
    }

    public static V1.GetEventsResponse ToApi(this GridEvent e)
    {
        var api = new V1.GetEventsResponse { Sequence = e.Sequence, Time = e.Time.ToApi() };
        switch (e.Kind)
        {
            case GridEventKind.NewTask:
                var newTask = new V1.NewTask { TaskId = e.SubjectId, ParentTaskId = e.ParentTaskId ?? "", Status = (V1.TaskStatus)e.Status };
                newTask.ExpectedOutputIds.Add(e.ExpectedOutputIds ?? []);
                newTask.DataDependencies.Add(e.DataDependencies ?? []);
                api.NewTask = newTask;
                break;
            case GridEventKind.TaskStatusChanged:
                api.TaskStatusChanged = new V1.TaskStatusChanged { TaskId = e.SubjectId, Status = (V1.TaskStatus)e.Status, Attempt = e.Attempt };
                break;
            case GridEventKind.NewResult:
                api.NewResult = new V1.NewResult { ResultId = e.SubjectId, Name = e.Name ?? "", OwnerTaskId = e.OwnerTaskId ?? "", Status = (V1.ResultStatus)e.Status };
                break;
            case GridEventKind.ResultStatusChanged:
                api.ResultStatusChanged = new V1.ResultStatusChanged { ResultId = e.SubjectId, Status = (V1.ResultStatus)e.Status, OwnerTaskId = e.OwnerTaskId ?? "" };
                break;
        }
        return api;
    }

    public static (int Page, int PageSize) ToPaging(this V1.PageRequest? page)
    {
        var size = page?.PageSize ?? 0;
        if (size < 0 || size > 1000) throw GridException.InvalidArgument("page.page_size", $"{size} is outside 0 to 1000");
        if (page?.Page < 0) throw GridException.InvalidArgument("page.page", "must not be negative");
        return (page?.Page ?? 0, size == 0 ? 100 : size);
    }

    public static ByteString Bytes(ReadOnlyMemory<byte> data) => ByteString.CopyFrom(data.Span);

    private static string? NullIfEmpty(string value) => value.Length == 0 ? null : value;
}
