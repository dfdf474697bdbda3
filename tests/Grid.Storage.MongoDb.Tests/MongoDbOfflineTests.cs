using System.Diagnostics;
using Grid.Core.Model;
using Grid.Storage.Conformance;
using Grid.Storage.MongoDb.Documents;
using MongoDB.Bson;
using MongoDB.Bson.Serialization;
using MongoDB.Driver;

namespace Grid.Storage.MongoDb.Tests;

/// <summary>What can be checked without a server: documents round-trip through BSON exactly, queries render as intended, an unreachable server is named.</summary>
public sealed class MongoDbOfflineTests
{
    [Fact]
    public void A_task_round_trips_through_bson_with_every_field_and_its_awaited_inputs()
    {
        var task = Records.Task(Records.NewId("s"), TaskState.Processing, dependencies: ["a", "b"], parent: "p") with
        {
            OwnerAgentId = "agent", LeaseExpiresAt = DateTime.UtcNow, Error = "e", Attempt = 3, StartedAt = DateTime.UtcNow,
            Options = GridTaskOptions.GridDefaults with { ApplicationName = "app", Options = new Dictionary<string, string> { ["with.dot"] = "1", ["$dollar"] = "2" } },
        };
        var read = RoundTrip(TaskDocument.From(task, ["a", "b", "a"]));
        Assert.Equal(["a", "b"], read.WaitingOn);
        var record = read.ToRecord();
        Assert.Equal(task.DataDependencies, record.DataDependencies);
        Assert.Equal(task.ExpectedOutputIds, record.ExpectedOutputIds);
        Assert.Equal(task.Options.Options, record.Options.Options);
        Assert.Equal(task.Options with { Options = record.Options.Options }, record.Options);
        Assert.Equal(task with { DataDependencies = record.DataDependencies, ExpectedOutputIds = record.ExpectedOutputIds, Options = record.Options }, record);
    }

    [Fact]
    public void Sessions_results_and_events_round_trip_through_bson()
    {
        var session = Records.Session() with { CreatedAt = DateTime.UtcNow, ClosedAt = DateTime.UtcNow, PartitionIds = ["a", "b"] };
        var readSession = RoundTrip(SessionDocument.From(session)).ToRecord();
        Assert.Equal(session.PartitionIds, readSession.PartitionIds);
        Assert.Equal(session with { DefaultOptions = readSession.DefaultOptions, PartitionIds = readSession.PartitionIds }, readSession);
        Assert.Equal(session.DefaultOptions with { Options = readSession.DefaultOptions.Options }, readSession.DefaultOptions);

        var result = Records.Result(session.SessionId, owner: "t", size: 5, status: ResultState.Completed, createdAt: DateTime.UtcNow);
        Assert.Equal(result, RoundTrip(ResultDocument.From(result)).ToRecord());

        var e = new GridEvent
        {
            SessionId = session.SessionId, Kind = GridEventKind.NewTask, SubjectId = "t", Status = 2, Attempt = 1, ParentTaskId = "p",
            Name = "n", ExpectedOutputIds = ["x"], DataDependencies = null, Time = DateTime.UtcNow,
        };
        var readEvent = RoundTrip(EventDocument.From(e, 7, DateTime.UtcNow.Ticks)).ToEvent();
        Assert.Equal(e.ExpectedOutputIds, readEvent.ExpectedOutputIds);
        Assert.Equal(e with { Sequence = 7, ExpectedOutputIds = readEvent.ExpectedOutputIds }, readEvent);
    }

    [Fact]
    public void The_input_queries_render_to_the_multikey_field()
    {
        var filter = Builders<TaskDocument>.Filter;
        Assert.Equal("{ \"waiting_on\" : { \"$in\" : [\"r1\", \"r2\"] } }", Render(filter.AnyIn(t => t.WaitingOn, ["r1", "r2"])));
        Assert.Equal("{ \"waiting_on\" : { \"$size\" : 0 } }", Render(filter.Size(t => t.WaitingOn, 0)));
        Assert.Equal("{ \"_id\" : \"t\", \"version\" : 3, \"status\" : 4, \"owner\" : null }", Render(
            filter.Eq(t => t.Id, "t") & filter.Eq(t => t.Version, 3L) & filter.Eq(t => t.Status, 4) & filter.Eq(t => t.OwnerAgentId, null)));
    }

    [Fact]
    public async Task Opening_an_unreachable_server_fails_quickly_naming_the_host()
    {
        var clock = Stopwatch.StartNew();
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => MongoDbBackend.OpenAsync(
            new MongoDbOptions { ConnectionString = "mongodb://127.0.0.1:1", ServerSelectionTimeout = TimeSpan.FromSeconds(1) }, CancellationToken.None));
        Assert.Contains("127.0.0.1:1", error.Message);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(15), $"took {clock.Elapsed}");
    }

    [Fact]
    public async Task Without_the_variable_the_server_tests_say_what_is_missing()
    {
        if (MongoDbServer.ConnectionString is not null) return; // a server is configured: nothing to check here
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => new MongoDbDatabaseFixture().TablesAsync());
        Assert.Contains(MongoDbServer.Variable, error.Message);
    }

    private static T RoundTrip<T>(T document) => BsonSerializer.Deserialize<T>(document.ToBsonDocument());

    private static string Render<T>(FilterDefinition<T> filter) =>
        filter.Render(new RenderArgs<T>(BsonSerializer.SerializerRegistry.GetSerializer<T>(), BsonSerializer.SerializerRegistry)).ToString();
}
