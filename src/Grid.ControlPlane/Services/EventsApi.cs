using Grid.Core.Api;
using Grid.Api.V1;
using Grid.Core.Operations;
using Grid.Core.Storage;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;

namespace Grid.ControlPlane.Services;

public sealed class EventsApi(GridStorage storage, TimeProvider clock) : EventsService.EventsServiceBase
{
    public override async Task GetEvents(GetEventsRequest request, IServerStreamWriter<GetEventsResponse> responseStream, ServerCallContext context)
    {
        await SessionChecks.GetAsync(storage, request.SessionId, context.CancellationToken);
        // The backlog is what the log holds now; once it is sent, the client is told so, once.
        var backlogEnd = await storage.Events.LastSequenceAsync(request.SessionId, context.CancellationToken);
        var position = request.AfterSequence;
        var caughtUp = false;
        try
        {
            while (!context.CancellationToken.IsCancellationRequested)
            {
                if (!caughtUp && position >= backlogEnd)
                {
                    await responseStream.WriteAsync(new GetEventsResponse
                    {
                        Sequence = backlogEnd,
                        Time = Timestamp.FromDateTimeOffset(clock.GetUtcNow()),
                        CaughtUp = new CaughtUp(),
                    }, context.CancellationToken);
                    caughtUp = true;
                }
                var events = await storage.Events.ReadAsync(request.SessionId, position, 1000, context.CancellationToken);
                if (events.Count == 0)
                {
                    await storage.Events.WaitForEventsAsync(request.SessionId, position, context.CancellationToken);
                    continue;
                }
                foreach (var e in events)
                {
                    await responseStream.WriteAsync(e.ToApi(), context.CancellationToken);
                    position = e.Sequence;
                    if (!caughtUp && position >= backlogEnd) break; // the marker goes right after the backlog's last event
                }
            }
        }
        catch (OperationCanceledException) when (context.CancellationToken.IsCancellationRequested)
        {
            // The client disconnected; it resumes with after_sequence.
        }
    }
}
