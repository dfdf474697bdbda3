using Grid.Api.V1;
using Grid.Samples;
using Grpc.Core;
using Grpc.Net.Client;

namespace Grid.Tests;

/// <summary>
/// An event stream says once that it has sent the backlog (caught_up), and GetSession tells the session's last
/// sequence, so that a client knows where "now" is; the client SDK's watch passes the marker by.
/// </summary>
[Collection("grid")]
public sealed class EventCatchUpTests(GridFixture fixture) : IDisposable
{
    private readonly GrpcChannel _channel = GrpcChannel.ForAddress(fixture.Grid.Address);
    private EventsService.EventsServiceClient Events => new(_channel);

    public void Dispose() => _channel.Dispose();

    [Fact]
    public async Task The_marker_follows_the_backlog_once_and_new_events_follow_it()
    {
        var ct = Work.Deadline();
        var session = await fixture.Client.CreateSessionAsync(ct: ct);
        var payload = (await session.CreateResultsWithDataAsync([("p", Work.Text("x"))], ct))[0];
        var outputs = await session.CreateResultsAsync(Enumerable.Range(0, 5).Select(i => $"out-{i}"), ct);
        var last = await LastSequenceAsync(session.SessionId, ct);
        Assert.Equal(6UL, last); // the payload and five outputs

        using var call = Events.GetEvents(new GetEventsRequest { SessionId = session.SessionId, AfterSequence = 2 }, cancellationToken: ct);
        var received = new List<GetEventsResponse>();
        while (received.Count < 5 && await call.ResponseStream.MoveNext(ct)) received.Add(call.ResponseStream.Current);
        Assert.Equal([3UL, 4, 5, 6], received.Take(4).Select(e => e.Sequence));
        Assert.All(received.Take(4), e => Assert.NotEqual(GetEventsResponse.EventOneofCase.CaughtUp, e.EventCase));
        Assert.Equal(GetEventsResponse.EventOneofCase.CaughtUp, received[4].EventCase);
        Assert.Equal(last, received[4].Sequence);

        // What happens next comes after the marker, and no second marker.
        await session.SubmitAsync([Work.Task(payload, [], [outputs[0]], SampleApplications.Echo)], ct: ct);
        Assert.True(await call.ResponseStream.MoveNext(ct));
        Assert.Equal(last + 1, call.ResponseStream.Current.Sequence);
        Assert.Equal(GetEventsResponse.EventOneofCase.NewTask, call.ResponseStream.Current.EventCase);
    }

    [Fact]
    public async Task A_stream_opened_at_the_end_of_the_log_is_caught_up_at_once()
    {
        var ct = Work.Deadline();
        var session = await fixture.Client.CreateSessionAsync(ct: ct);
        Assert.Equal(0UL, await LastSequenceAsync(session.SessionId, ct));
        using (var empty = Events.GetEvents(new GetEventsRequest { SessionId = session.SessionId }, cancellationToken: ct))
        {
            Assert.True(await empty.ResponseStream.MoveNext(ct));
            Assert.Equal((GetEventsResponse.EventOneofCase.CaughtUp, 0UL), (empty.ResponseStream.Current.EventCase, empty.ResponseStream.Current.Sequence));
        }

        await session.CreateResultsAsync(["a", "b"], ct);
        var last = await LastSequenceAsync(session.SessionId, ct);
        using var atTheEnd = Events.GetEvents(new GetEventsRequest { SessionId = session.SessionId, AfterSequence = last }, cancellationToken: ct);
        Assert.True(await atTheEnd.ResponseStream.MoveNext(ct));
        Assert.Equal((GetEventsResponse.EventOneofCase.CaughtUp, last), (atTheEnd.ResponseStream.Current.EventCase, atTheEnd.ResponseStream.Current.Sequence));
    }

    [Fact]
    public async Task The_client_watch_hands_out_events_only()
    {
        var ct = Work.Deadline();
        var session = await fixture.Client.CreateSessionAsync(ct: ct);
        await session.CreateResultsAsync(["a", "b", "c"], ct);
        var events = new List<GetEventsResponse>();
        await foreach (var e in session.WatchEventsAsync(0, ct))
        {
            events.Add(e);
            if (events.Count == 3) break;
        }
        Assert.Equal([1UL, 2, 3], events.Select(e => e.Sequence));
        Assert.All(events, e => Assert.Equal(GetEventsResponse.EventOneofCase.NewResult, e.EventCase));
    }

    private async Task<ulong> LastSequenceAsync(string sessionId, CancellationToken ct) =>
        (await new SessionsService.SessionsServiceClient(_channel).GetSessionAsync(new GetSessionRequest { SessionId = sessionId }, cancellationToken: ct)).LastEventSequence;
}
