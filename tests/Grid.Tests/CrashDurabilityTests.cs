using Grid.Api.V1;
using Grid.Client;
using Grid.Samples;
using TaskStatus = Grid.Api.V1.TaskStatus;

namespace Grid.Tests;

/// <summary>
/// The durability promise of the default grid (SQLite tables, small data in the database, larger data in files):
/// whatever it reported stored survives <c>kill -9</c>, and the session it was running completes after a restart.
/// </summary>
[Collection("grid")]
public sealed class CrashDurabilityTests : IDisposable
{
    private const int Tasks = 10_000;
    private readonly string _dataFolder = Path.Combine(Path.GetTempPath(), $"grid-crash-{Guid.NewGuid():N}");

    [Fact]
    public async Task Every_result_reported_completed_before_a_kill_9_is_there_with_its_data_after_restart_and_the_session_completes()
    {
        var ct = Work.Deadline(420);
        var port = LoopbackPort.Free();
        string sessionId;
        List<string> outputs;
        // Every 50th payload is larger than the small-object threshold (64 KiB): its data and its output go to files.
        static byte[] Payload(int i) => i % 50 == 0 ? Enumerable.Repeat((byte)(i % 251), 100_000).Prepend((byte)'L').ToArray() : Work.Text($"payload-{i}").ToArray();
        var reportedCompleted = new HashSet<string>();
        await using (var first = await GridProcess.StartAsync(_dataFolder, port, ct, concurrency: 64))
        {
            await using var client = new GridClient(new GridClientOptions { Address = first.Address });
            var session = await client.CreateSessionAsync(ct: ct);
            sessionId = session.SessionId;
            var payloads = await session.CreateResultsWithDataAsync(Enumerable.Range(0, Tasks).Select(i => ($"in-{i}", (ReadOnlyMemory<byte>)Payload(i))), ct);
            outputs = [.. await session.CreateResultsAsync(Enumerable.Range(0, Tasks).Select(i => $"out-{i}"), ct)];
            await session.SubmitAsync(Enumerable.Range(0, Tasks).Select(i => Work.Task(payloads[i], [], [outputs[i]], SampleApplications.Echo)), ct: ct);

            // The grid reports a result stored by its ResultStatusChanged event; kill it once a fifth of the outputs are.
            var outputSet = outputs.ToHashSet();
            using var watching = CancellationTokenSource.CreateLinkedTokenSource(ct);
            await foreach (var e in session.WatchEventsAsync(0, watching.Token))
            {
                if (e.EventCase != GetEventsResponse.EventOneofCase.ResultStatusChanged || e.ResultStatusChanged.Status != ResultStatus.Completed) continue;
                if (!outputSet.Contains(e.ResultStatusChanged.ResultId)) continue;
                reportedCompleted.Add(e.ResultStatusChanged.ResultId);
                if (reportedCompleted.Count >= Tasks / 5) break;
            }
            await first.KillAsync();
        }

        await using var second = await GridProcess.StartAsync(_dataFolder, port, ct, concurrency: 64);
        await using var resumed = new GridClient(new GridClientOptions { Address = second.Address });
        var same = resumed.OpenSession(sessionId);
        var index = outputs.Select((id, i) => (id, i)).ToDictionary(p => p.id, p => p.i);

        // Before the session goes on: what was reported stored is there, Completed, with its data.
        foreach (var id in reportedCompleted)
        {
            var result = (await resumed.Results.GetResultAsync(new GetResultRequest { SessionId = sessionId, ResultId = id }, cancellationToken: ct)).Result;
            Assert.Equal(ResultStatus.Completed, result.Status);
            Assert.Equal(Payload(index[id]), await same.DownloadAsync(id, ct));
        }

        var statuses = await same.WaitAsync(outputs, ct);
        Assert.All(statuses.Values, s => Assert.Equal(ResultStatus.Completed, s));
        for (var i = 0; i < Tasks; i += 7)
            Assert.Equal(Payload(i), await same.DownloadAsync(outputs[i], ct));
        var counts = await same.CountTasksAsync(ct);
        Assert.Equal(Tasks, counts.GetValueOrDefault(TaskStatus.Completed));
    }

    public void Dispose()
    {
        try { Directory.Delete(_dataFolder, recursive: true); } catch (IOException) { }
    }
}
