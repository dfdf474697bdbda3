using Grid.Core.Model;
using Grid.Core.Storage;
using Grid.Storage.Conformance;

namespace Grid.Storage.PostgreSql.Tests;

/// <summary>
/// Readers learn of new events from NOTIFY, which carries each session's last sequence: the waiting side here never
/// polls (its poll interval is an hour), so only a notification can wake it.
/// </summary>
public sealed class EventNotificationTests(FreshSchema schema) : IClassFixture<FreshSchema>
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task A_reader_is_woken_by_appends_creations_and_transitions_made_by_another_process()
    {
        await using var reader = await OpenNotPollingAsync();
        var readerLog = PostgreSqlBackend.TablesOf(reader, NotPolling()).Events;
        var writer = schema.Tables;
        var sessionId = Records.NewId("s");
        await writer.Events.AppendAsync([Event(sessionId, "first")], None);
        await readerLog.WaitForEventsAsync(sessionId, 0, Deadline()); // already there: asked from the server

        var afterAppend = readerLog.WaitForEventsAsync(sessionId, 1, Deadline());
        await writer.Events.AppendAsync([Event(sessionId, "second")], None);
        await afterAppend;

        var task = Records.Task(sessionId);
        var afterCreation = readerLog.WaitForEventsAsync(sessionId, 2, Deadline());
        await writer.Tasks.CreateAsync([new NewTask(task, [])], None);
        await afterCreation;
        var afterTransition = readerLog.WaitForEventsAsync(sessionId, 3, Deadline());
        await writer.Tasks.TransitionAsync(
            [new TaskTransition(task.TaskId, TaskState.Submitted, TaskState.Processing, Records.Epoch) { OwnerAgentId = "a", RecordsEvent = true }], None);
        await afterTransition;
        Assert.Equal(4UL, await readerLog.LastSequenceAsync(sessionId, None));
    }

    [Fact]
    public async Task The_last_sequence_heard_is_kept_per_session_and_forgotten_when_the_session_log_is_deleted()
    {
        await using var reader = await OpenNotPollingAsync();
        var writer = schema.Tables;
        var (sessionId, other) = (Records.NewId("s"), Records.NewId("s"));
        await writer.Events.AppendAsync([Event(sessionId, "a"), Event(sessionId, "b"), Event(other, "c")], None);
        await Until(() => reader.Notifications.LastSequence(reader.EventsChannel, sessionId) == 2, "the append of two events to be heard");
        await Until(() => reader.Notifications.LastSequence(reader.EventsChannel, other) == 1, "the append to the other session to be heard");

        await writer.Events.DeleteSessionAsync(sessionId, None);
        await Until(() => reader.Notifications.LastSequence(reader.EventsChannel, sessionId) is null, "the deletion to be heard");
        Assert.Equal(1UL, reader.Notifications.LastSequence(reader.EventsChannel, other));
    }

    [Theory]
    [InlineData("12:s-1", "s-1", 12UL)]
    [InlineData("0:s:with:colons", "s:with:colons", 0UL)]
    [InlineData("s-1", "s-1", null)]
    [InlineData("x:s-1", "x:s-1", null)]
    [InlineData("-3:s-1", "-3:s-1", null)]
    public void A_payload_is_read_as_sequence_and_key(string payload, string key, ulong? sequence) =>
        Assert.Equal((key, sequence), PostgreSqlNotifications.Parse(payload));

    private PostgreSqlOptions NotPolling() =>
        new() { ConnectionString = schema.Options.ConnectionString, MaxPoolSize = 10, PollInterval = TimeSpan.FromHours(1) };

    /// <summary>A second database (as another process opens it), once its listener hears notifications.</summary>
    private async Task<PostgreSqlDatabase> OpenNotPollingAsync()
    {
        var database = await PostgreSqlDatabase.OpenAsync(NotPolling(), null, None);
        var probe = Records.NewId("probe");
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        while (database.Notifications.LastSequence(database.EventsChannel, probe) is null)
        {
            if (deadline.IsCancellationRequested) Assert.Fail("the listener of the second database heard nothing within 20 s");
            await schema.Tables.Events.AppendAsync([Event(probe, "probe")], None);
            await Task.Delay(100, None);
        }
        return database;
    }

    private static CancellationToken Deadline() => new CancellationTokenSource(TimeSpan.FromSeconds(20)).Token;

    private static async Task Until(Func<bool> condition, string what)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        while (!condition())
        {
            if (deadline.IsCancellationRequested) Assert.Fail($"waited 20 s for {what}");
            await Task.Delay(20, None);
        }
    }

    private static GridEvent Event(string sessionId, string subject) => new()
    {
        SessionId = sessionId, Kind = GridEventKind.TaskStatusChanged, SubjectId = subject, Status = (int)TaskState.Completed, Time = Records.Epoch,
    };
}
