using Google.Protobuf.WellKnownTypes;
using Grid.Api.V1;
using Grid.Samples;
using Grpc.Core;
using Grpc.Net.Client;
using TaskStatus = Grid.Api.V1.TaskStatus;

namespace Grid.Tests;

/// <summary>
/// Values that protobuf lets through but the schema does not know (an enum number naming no value, the reserved task
/// status 4, a timestamp or duration out of range) are refused with INVALID_ARGUMENT naming the field, in every request.
/// </summary>
[Collection("grid")]
public sealed class RequestValueTests(GridFixture fixture) : IDisposable
{
    private readonly GrpcChannel _channel = GrpcChannel.ForAddress(fixture.Grid.Address);

    public void Dispose() => _channel.Dispose();

    [Fact]
    public async Task An_enum_number_that_names_no_value_is_refused_naming_the_field_and_known_values_pass()
    {
        var ct = Work.Deadline();
        var sessions = new SessionsService.SessionsServiceClient(_channel);
        var results = new ResultsService.ResultsServiceClient(_channel);
        var tasks = new TasksService.TasksServiceClient(_channel);

        var calls = new (string Field, Func<Task> Call)[]
        {
            ("sort_field", () => results.ListResultsAsync(new ListResultsRequest { SortField = (ResultSortField)42 }, cancellationToken: ct).ResponseAsync),
            ("sort_direction", () => results.ListResultsAsync(new ListResultsRequest { SortDirection = (SortDirection)42 }, cancellationToken: ct).ResponseAsync),
            ("filter.statuses[1]", () => results.ListResultsAsync(new ListResultsRequest { Filter = new ResultFilter { Statuses = { ResultStatus.Completed, (ResultStatus)99 } } }, cancellationToken: ct).ResponseAsync),
            ("sort_field", () => sessions.ListSessionsAsync(new ListSessionsRequest { SortField = (SessionSortField)42 }, cancellationToken: ct).ResponseAsync),
            ("sort_direction", () => sessions.ListSessionsAsync(new ListSessionsRequest { SortDirection = (SortDirection)42 }, cancellationToken: ct).ResponseAsync),
            ("filter.statuses[0]", () => sessions.ListSessionsAsync(new ListSessionsRequest { Filter = new SessionFilter { Statuses = { (SessionStatus)99 } } }, cancellationToken: ct).ResponseAsync),
            ("sort_field", () => tasks.ListTasksAsync(new ListTasksRequest { SortField = (TaskSortField)42 }, cancellationToken: ct).ResponseAsync),
            ("sort_direction", () => tasks.ListTasksAsync(new ListTasksRequest { SortDirection = (SortDirection)42 }, cancellationToken: ct).ResponseAsync),
            ("filter.statuses[0]", () => tasks.ListTasksAsync(new ListTasksRequest { Filter = new TaskFilter { Statuses = { (TaskStatus)4 } } }, cancellationToken: ct).ResponseAsync),
            ("filter.statuses[0]", () => tasks.CountTasksByStatusAsync(new CountTasksByStatusRequest { Filter = new TaskFilter { Statuses = { (TaskStatus)99 } } }, cancellationToken: ct).ResponseAsync),
        };
        foreach (var (field, call) in calls)
        {
            var error = await Assert.ThrowsAsync<RpcException>(call);
            Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
            Assert.StartsWith($"{field}: ", error.Status.Detail);
        }

        var reserved = await Assert.ThrowsAsync<RpcException>(() =>
            tasks.ListTasksAsync(new ListTasksRequest { Filter = new TaskFilter { Statuses = { (TaskStatus)4 } } }, cancellationToken: ct).ResponseAsync);
        Assert.StartsWith("filter.statuses[0]: 4 is not a value of grid.v1.TaskStatus (TASK_STATUS_UNSPECIFIED = 0, TASK_STATUS_CREATING = 1,", reserved.Status.Detail);

        // Known values still pass.
        var listed = await tasks.ListTasksAsync(new ListTasksRequest
        {
            SortField = TaskSortField.EndedAt,
            SortDirection = SortDirection.Descending,
            Filter = new TaskFilter { Statuses = { TaskStatus.Completed, TaskStatus.Error } },
        }, cancellationToken: ct);
        Assert.NotNull(listed.Page);
    }

    [Fact]
    public async Task A_timestamp_or_duration_out_of_range_is_refused_naming_the_field()
    {
        var ct = Work.Deadline();
        var session = await fixture.Client.CreateSessionAsync(ct: ct);
        var payload = (await session.CreateResultsWithDataAsync([("p", Work.Text("x"))], ct))[0];
        var output = (await session.CreateResultsAsync(["out"], ct))[0];
        var tasks = new TasksService.TasksServiceClient(_channel);

        var listing = await Assert.ThrowsAsync<RpcException>(() => tasks.ListTasksAsync(
            new ListTasksRequest { Filter = new TaskFilter { CreatedAfter = new Timestamp { Seconds = long.MaxValue } } }, cancellationToken: ct).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, listing.StatusCode);
        Assert.StartsWith("filter.created_after: ", listing.Status.Detail);

        var task = Work.Task(payload, [], [output], SampleApplications.Echo);
        task.Options.MaxDuration = new Duration { Seconds = 5, Nanos = -1 };
        var submitting = await Assert.ThrowsAsync<RpcException>(() => tasks.SubmitTasksAsync(
            new SubmitTasksRequest { SessionId = session.SessionId, Tasks = { task } }, cancellationToken: ct).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, submitting.StatusCode);
        Assert.StartsWith("tasks[0].options.max_duration: ", submitting.Status.Detail);
    }
}
