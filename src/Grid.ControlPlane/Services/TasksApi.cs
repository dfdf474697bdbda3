using Grid.Core.Api;
using Grid.Api.V1;
using Grid.Core;
using Grid.Core.Operations;
using Grid.Core.Storage;
using Grpc.Core;
using CoreTaskFilter = Grid.Core.Storage.TaskFilter;

namespace Grid.ControlPlane.Services;

public sealed class TasksApi(TaskSubmitter submitter, SessionOperations sessions, GridStorage storage, GridLimits limits) : TasksService.TasksServiceBase
{
    public override async Task<SubmitTasksResponse> SubmitTasks(SubmitTasksRequest request, ServerCallContext context)
    {
        var tasks = await submitter.SubmitAsync(request.SessionId, request.Options.ToModel(),
            request.Tasks.Select((t, i) => t.ToModel($"tasks[{i}]")).ToList(), parent: null, context.CancellationToken);
        var response = new SubmitTasksResponse();
        response.Tasks.Add(tasks.Select(t => t.ToSubmitted()));
        return response;
    }

    public override async Task<GetTaskResponse> GetTask(GetTaskRequest request, ServerCallContext context)
    {
        if (string.IsNullOrEmpty(request.TaskId)) throw GridException.InvalidArgument("task_id", "a task id is required");
        var task = await storage.Tasks.GetAsync(request.TaskId, context.CancellationToken)
            ?? throw GridException.NotFound($"task '{request.TaskId}' does not exist");
        return new GetTaskResponse { Task = task.ToApi() };
    }

    public override async Task<ListTasksResponse> ListTasks(ListTasksRequest request, ServerCallContext context)
    {
        var (page, size) = request.Page.ToPaging();
        var sort = request.SortField switch
        {
            TaskSortField.Status => TaskSort.Status,
            TaskSortField.EndedAt => TaskSort.EndedAt,
            TaskSortField.TaskId => TaskSort.TaskId,
            _ => TaskSort.CreatedAt,
        };
        var found = await storage.Tasks.ListAsync(ToModel(request.Filter), new PageQuery<TaskSort>(sort, request.SortDirection == SortDirection.Descending, page, size), context.CancellationToken);
        var response = new ListTasksResponse { Page = new PageResponse { Page = page, PageSize = size, Total = found.Total } };
        response.Tasks.Add(found.Items.Select(t => t.ToApi()));
        return response;
    }

    /// <summary>Cancels the tasks not yet ended; a task that has ended is left as it is (and listed as it is).</summary>
    public override async Task<CancelTasksResponse> CancelTasks(CancelTasksRequest request, ServerCallContext context)
    {
        RequestedIds.EnsureAtMost(request.TaskIds, "task_ids", limits.MaxTasksPerBatch, nameof(GridLimits.MaxTasksPerBatch));
        var requested = RequestedIds.Distinct(request.TaskIds, "task_ids");
        var ids = requested.Select(r => r.Id).ToList();
        var tasks = (await storage.Tasks.GetManyAsync(ids, context.CancellationToken)).ToDictionary(t => t.TaskId);
        foreach (var (id, i) in requested)
            if (!tasks.ContainsKey(id)) throw GridException.NotFound($"task_ids[{i}]: task '{id}' does not exist");
        await sessions.CancelTasksAsync(tasks.Values.ToList(), context.CancellationToken);
        var response = new CancelTasksResponse();
        response.Tasks.Add((await storage.Tasks.GetManyAsync(ids, context.CancellationToken)).Select(t => t.ToApi()));
        return response;
    }

    public override async Task<CountTasksByStatusResponse> CountTasksByStatus(CountTasksByStatusRequest request, ServerCallContext context)
    {
        var counts = await storage.Tasks.CountByStatusAsync(ToModel(request.Filter), context.CancellationToken);
        var response = new CountTasksByStatusResponse();
        response.Counts.Add(counts.OrderBy(c => c.Key).Select(c => new CountTasksByStatusResponse.Types.StatusCount { Status = (Grid.Api.V1.TaskStatus)c.Key, Count = c.Value }));
        return response;
    }

    private static CoreTaskFilter ToModel(Grid.Api.V1.TaskFilter? filter) => filter is null ? new CoreTaskFilter() : new CoreTaskFilter
    {
        SessionId = NullIfEmpty(filter.SessionId),
        Statuses = filter.Statuses.Select(s => (Core.Model.TaskState)s).ToList(),
        PartitionId = NullIfEmpty(filter.PartitionId),
        ParentTaskId = NullIfEmpty(filter.ParentTaskId),
        CreatedAfter = filter.CreatedAfter.ToModel("filter.created_after"),
        CreatedBefore = filter.CreatedBefore.ToModel("filter.created_before"),
    };

    private static string? NullIfEmpty(string value) => value.Length == 0 ? null : value;
}
