using Grid.Core;
using Grid.Core.Model;
using Grid.Core.Storage;

namespace Grid.Storage.Sqlite.Tests;

/// <summary>Writes of concurrent callers share transactions; a faulty one fails alone and nothing of it is stored.</summary>
public sealed class GroupCommitTests(SqliteDatabaseFixture fixture) : IClassFixture<SqliteDatabaseFixture>
{
    [Fact]
    public async Task Concurrent_writes_share_commits_and_each_caller_gets_its_own_outcome()
    {
        var database = fixture.Database;
        var sessionId = GridIds.New();
        var now = DateTime.UtcNow;
        var results = Enumerable.Range(0, 400).Select(i => new ResultRecord
        {
            ResultId = GridIds.New(), SessionId = sessionId, Name = $"r{i}", Status = ResultState.Created, CreatedAt = now,
        }).ToList();
        // One duplicate among many concurrent creations: only its caller is refused.
        var duplicate = results[123] with { Name = "again" };
        var creations = results.Select(r => database.Tables.Results.CreateAsync([r], CancellationToken.None)).ToList();
        var refused = database.Tables.Results.CreateAsync([duplicate], CancellationToken.None);
        await Task.WhenAll(creations);
        var error = await Assert.ThrowsAsync<GridException>(() => refused);
        Assert.Equal(GridErrorCode.AlreadyExists, error.Code);

        var stored = await database.Tables.Results.GetManyAsync(results.Select(r => r.ResultId).ToList(), CancellationToken.None);
        Assert.Equal(400, stored.Count);
        Assert.Equal("r123", stored.Single(r => r.ResultId == duplicate.ResultId).Name);
        // Each creation recorded its event once, numbered without gaps.
        var events = await database.Tables.Events.ReadAsync(sessionId, 0, 1000, CancellationToken.None);
        Assert.Equal(Enumerable.Range(1, 400).Select(i => (ulong)i), events.Select(e => e.Sequence));
    }

    [Fact]
    public async Task A_write_whose_caller_cancelled_before_its_turn_is_not_made()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        var result = new ResultRecord { ResultId = GridIds.New(), SessionId = GridIds.New(), Name = "never", Status = ResultState.Created, CreatedAt = DateTime.UtcNow };
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => fixture.Database.Tables.Results.CreateAsync([result], cancelled.Token));
        Assert.Empty(await fixture.Database.Tables.Results.GetManyAsync([result.ResultId], CancellationToken.None));
    }
}
