using Grid.Core.Api;
using Grid.Api.V1;
using Grid.Core.Operations;
using Grid.Core.Storage;
using Grpc.Core;
using CoreSessionFilter = Grid.Core.Storage.SessionFilter;

namespace Grid.ControlPlane.Services;

public sealed class SessionsApi(SessionOperations sessions, GridStorage storage) : SessionsService.SessionsServiceBase
{
    public override async Task<CreateSessionResponse> CreateSession(CreateSessionRequest request, ServerCallContext context)
    {
        var session = await sessions.CreateAsync(request.DefaultTaskOptions.ToModel("default_task_options"), request.PartitionIds, context.CancellationToken);
        return new CreateSessionResponse { Session = session.ToApi() };
    }

    public override async Task<GetSessionResponse> GetSession(GetSessionRequest request, ServerCallContext context)
    {
        var session = await SessionChecks.GetAsync(storage, request.SessionId, context.CancellationToken);
        var lastSequence = await storage.Events.LastSequenceAsync(request.SessionId, context.CancellationToken);
        return new GetSessionResponse { Session = session.ToApi(), LastEventSequence = lastSequence };
    }

    public override async Task<ListSessionsResponse> ListSessions(ListSessionsRequest request, ServerCallContext context)
    {
        var (page, size) = request.Page.ToPaging();
        var filter = new CoreSessionFilter
        {
            Statuses = request.Filter?.Statuses.Select(s => (Core.Model.SessionState)s).ToList() ?? [],
            CreatedAfter = request.Filter?.CreatedAfter.ToModel("filter.created_after"),
            CreatedBefore = request.Filter?.CreatedBefore.ToModel("filter.created_before"),
        };
        var sort = request.SortField switch
        {
            SessionSortField.SessionId => SessionSort.SessionId,
            SessionSortField.Status => SessionSort.Status,
            _ => SessionSort.CreatedAt,
        };
        var found = await storage.Sessions.ListAsync(filter, new PageQuery<SessionSort>(sort, request.SortDirection == SortDirection.Descending, page, size), context.CancellationToken);
        var response = new ListSessionsResponse { Page = new PageResponse { Page = page, PageSize = size, Total = found.Total } };
        response.Sessions.Add(found.Items.Select(s => s.ToApi()));
        return response;
    }

    public override async Task<CancelSessionResponse> CancelSession(CancelSessionRequest request, ServerCallContext context) =>
        new() { Session = (await sessions.CancelAsync(request.SessionId, context.CancellationToken)).ToApi() };

    public override async Task<PauseSessionResponse> PauseSession(PauseSessionRequest request, ServerCallContext context) =>
        new() { Session = (await sessions.PauseAsync(request.SessionId, context.CancellationToken)).ToApi() };

    public override async Task<ResumeSessionResponse> ResumeSession(ResumeSessionRequest request, ServerCallContext context) =>
        new() { Session = (await sessions.ResumeAsync(request.SessionId, context.CancellationToken)).ToApi() };

    public override async Task<CloseSessionResponse> CloseSession(CloseSessionRequest request, ServerCallContext context) =>
        new() { Session = (await sessions.CloseAsync(request.SessionId, context.CancellationToken)).ToApi() };

    public override async Task<PurgeSessionResponse> PurgeSession(PurgeSessionRequest request, ServerCallContext context) =>
        new() { Session = (await sessions.PurgeAsync(request.SessionId, context.CancellationToken)).ToApi() };

    public override async Task<DeleteSessionResponse> DeleteSession(DeleteSessionRequest request, ServerCallContext context) =>
        new() { Session = (await sessions.DeleteAsync(request.SessionId, context.CancellationToken)).ToApi() };
}
