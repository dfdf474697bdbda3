using Grid.Core.Api;
using Grid.Api.V1;
using Grid.Core.Operations;
using Grid.Core.Storage;
using Grpc.Core;

namespace Grid.ControlPlane.Services;

public sealed class EventsApi(GridStorage storage) : EventsService.EventsServiceBase
{
    public override async Task GetEvents(GetEventsRequest request, IServerStreamWriter<GetEventsResponse> responseStream, ServerCallContext context)
    {
        await SessionChecks.GetAsync(storage, request.SessionId, context.CancellationToken);
        var position = request.AfterSequence;
        try
        {
            while (!context.CancellationToken.IsCancellationRequested)
            {
                var events = await storage.Events.ReadAsync(request.SessionId, position, 1000, context.CancellationToken);
                if (events.Count == 0)
                {
                    await storage.Events.WaitForEventsAsync(request.SessionId, position, context.CancellationToken);
                    continue;
                }
                foreach (var e in events)
                    await responseStream.WriteAsync(e.ToApi(), context.CancellationToken);
                position = events[^1].Sequence;
            }
        }
        catch (OperationCanceledException) when (context.CancellationToken.IsCancellationRequested)
        {
            // The client disconnected; it resumes with after_sequence.
        }
    }
}
