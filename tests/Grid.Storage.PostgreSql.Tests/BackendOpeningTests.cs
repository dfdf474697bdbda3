using Grid.Core.Model;
using Grid.Storage.Conformance;

namespace Grid.Storage.PostgreSql.Tests;

public sealed class BackendOpeningTests : IAsyncLifetime
{
    private readonly string _schema = TestServer.NewSchemaName("o");

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => TestServer.DropSchemaAsync(_schema);

    [Fact]
    public async Task Tables_and_queue_opened_at_once_share_one_migrated_schema()
    {
        var options = new PostgreSqlOptions { ConnectionString = TestServer.InSchema(_schema) };
        var opening = Enumerable.Range(0, 4).Select(_ => PostgreSqlBackend.OpenTablesAsync(options, null, CancellationToken.None)).ToList();
        var queue = await PostgreSqlBackend.OpenQueueAsync(options, null, CancellationToken.None);
        var tables = await Task.WhenAll(opening);

        var session = Records.Session();
        await tables[0].Sessions.CreateAsync(session, CancellationToken.None);
        Assert.Equal(SessionState.Running, (await tables[3].Sessions.GetAsync(session.SessionId, CancellationToken.None))?.Status);
        await queue.EnqueueAsync([new("t", "p", 1)], CancellationToken.None);
        Assert.Equal("t", Assert.Single(await queue.DequeueAsync("p", 1, TimeSpan.FromSeconds(5), CancellationToken.None)).TaskId);
    }
}
