using Grid.Api.V1;
using Grid.Samples;
using Grpc.Net.Client;
using TaskStatus = Grid.Api.V1.TaskStatus;

namespace Grid.Tests;

[Collection("grid")]
public sealed class EventTests(GridFixture fixture)
{
    [Fact]
    public async Task Events_resume_after_a_dropped_connection_with_no_gap_and_no_duplicate()
    {
        const int taskCount = 500;
        var ct = Work.Deadline();
        var session = await fixture.Client.CreateSessionAsync(ct: ct);
        var payload = (await session.CreateResultsWithDataAsync([("p", Work.Text("e"))], ct))[0];
        var outputs = await session.CreateResultsAsync(Enumerable.Range(0, taskCount).Select(i => $"out-{i}"), ct);
        var tasks = await session.SubmitAsync(outputs.Select(o => Work.Task(payload, [], [o], SampleApplications.Echo)), ct: ct);

        var seen = new List<GetEventsResponse>();
        // First connection: read part of the stream, then drop the whole connection.
        var firstChannel = GrpcChannel.ForAddress(fixture.Grid.Address);
        using (var call = new EventsService.EventsServiceClient(firstChannel).GetEvents(new GetEventsRequest { SessionId = session.SessionId }, cancellationToken: ct))
        {
            while (seen.Count < 300 && await call.ResponseStream.MoveNext(ct))
                if (call.ResponseStream.Current.CaughtUp is null) seen.Add(call.ResponseStream.Current);
            firstChannel.Dispose();
        }

        // Second connection: resume after the last event seen, until every task has reported its end.
        var completed = seen.Where(e => e.TaskStatusChanged?.Status == TaskStatus.Completed).Select(e => e.TaskStatusChanged.TaskId).ToHashSet();
        using var secondChannel = GrpcChannel.ForAddress(fixture.Grid.Address);
        using var resumed = new EventsService.EventsServiceClient(secondChannel)
            .GetEvents(new GetEventsRequest { SessionId = session.SessionId, AfterSequence = seen[^1].Sequence }, cancellationToken: ct);
        while (completed.Count < taskCount && await resumed.ResponseStream.MoveNext(ct))
        {
            var e = resumed.ResponseStream.Current;
            if (e.CaughtUp is not null) continue; // not an event: the mark that the backlog was sent
            seen.Add(e);
            if (e.TaskStatusChanged?.Status == TaskStatus.Completed) completed.Add(e.TaskStatusChanged.TaskId);
        }

        Assert.Equal(Enumerable.Range(1, seen.Count).Select(i => (ulong)i), seen.Select(e => e.Sequence));
        Assert.Equal(tasks.Select(t => t.TaskId).ToHashSet(), completed);
        Assert.Equal(taskCount + 1, seen.Count(e => e.NewResult is not null)); // the payload and every output
        Assert.Equal(taskCount, seen.Count(e => e.NewTask is not null));
    }

    [Fact]
    public async Task The_client_watch_reconnects_by_itself_and_loses_nothing()
    {
        var ct = Work.Deadline();
        var session = await fixture.Client.CreateSessionAsync(ct: ct);
        var payload = (await session.CreateResultsWithDataAsync([("p", Work.Text("e"))], ct))[0];
        var outputs = await session.CreateResultsAsync(Enumerable.Range(0, 50).Select(i => $"out-{i}"), ct);
        await session.SubmitAsync(outputs.Select(o => Work.Task(payload, [], [o], SampleApplications.Echo)), ct: ct);
        await session.WaitAsync(outputs, ct);

        var sequences = new List<ulong>();
        await foreach (var e in session.WatchEventsAsync(0, ct))
        {
            sequences.Add(e.Sequence);
            if (e.ResultStatusChanged is { } r && r.ResultId == outputs[^1]) break;
        }
        Assert.Equal(Enumerable.Range(1, sequences.Count).Select(i => (ulong)i), sequences);
    }
}
