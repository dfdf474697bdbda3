using Grid.Api.V1;
using Grid.Client;
using Grid.Samples;
using TaskStatus = Grid.Api.V1.TaskStatus;

namespace Grid.Tests;

/// <summary>The one-process grid keeps its state in its data folder and finishes its work after a crash.</summary>
// In the "grid" collection so that it never runs beside the heap-probing large-result tests of this process.
[Collection("grid")]
public sealed class RestartTests : IDisposable
{
    private readonly string _dataFolder = Path.Combine(Path.GetTempPath(), $"grid-restart-{Guid.NewGuid():N}");

    [Fact]
    public async Task A_grid_killed_in_the_middle_of_a_session_finishes_it_after_restart_with_nothing_lost()
    {
        const int leaves = 300;
        var ct = Work.Deadline(240);
        var port = LoopbackPort.Free();
        string sessionId, sink;
        List<string> leafOutputs;
        await using (var first = await GridProcess.StartAsync(_dataFolder, port, ct))
        {
            await using var client = new GridClient(new GridClientOptions { Address = first.Address });
            var session = await client.CreateSessionAsync(ct: ct);
            sessionId = session.SessionId;
            var payloads = await session.CreateResultsWithDataAsync(Enumerable.Range(0, leaves).Select(i => ($"ms-{i}", Work.Text("20"))).Append(("empty", ReadOnlyMemory<byte>.Empty)), ct);
            var outputs = await session.CreateResultsAsync(Enumerable.Range(0, leaves).Select(i => $"leaf-{i}").Append("sink"), ct);
            leafOutputs = outputs.Take(leaves).ToList();
            sink = outputs[^1];
            await session.SubmitAsync(Enumerable.Range(0, leaves).Select(i => Work.Task(payloads[i], [], [leafOutputs[i]], SampleApplications.Sleep))
                .Append(Work.Task(payloads[^1], leafOutputs, [sink], SampleApplications.Add)), ct: ct);

            // Kill it once some leaves are done and most are not.
            await WaitUntilAsync(async () => (await session.CountTasksAsync(ct)).GetValueOrDefault(TaskStatus.Completed) >= 30, ct);
            await first.KillAsync();
        }

        await using var second = await GridProcess.StartAsync(_dataFolder, port, ct);
        await using var resumed = new GridClient(new GridClientOptions { Address = second.Address });
        var same = resumed.OpenSession(sessionId);
        IReadOnlyDictionary<string, ResultStatus> statuses;
        try
        {
            // 300 sleeps of 20 ms on 8 slots take seconds: a minute means the work is stuck.
            using var stuck = CancellationTokenSource.CreateLinkedTokenSource(ct);
            stuck.CancelAfter(TimeSpan.FromSeconds(60));
            statuses = await same.WaitAsync([sink], stuck.Token);
        }
        catch (Exception e)
        {
            var counts = await same.CountTasksAsync(CancellationToken.None);
            var leafStatuses = new Dictionary<ResultStatus, int>();
            foreach (var leaf in leafOutputs)
            {
                var status = (await resumed.Results.GetResultAsync(new GetResultRequest { SessionId = sessionId, ResultId = leaf })).Result.Status;
                leafStatuses[status] = leafStatuses.GetValueOrDefault(status) + 1;
            }
            throw new InvalidOperationException(
                $"the restarted grid did not finish: tasks {string.Join(", ", counts.Select(c => $"{c.Key} {c.Value}"))}; " +
                $"leaf outputs {string.Join(", ", leafStatuses.Select(c => $"{c.Key} {c.Value}"))}\n{second.Output}", e);
        }
        Assert.Equal(ResultStatus.Completed, statuses[sink]);
        Assert.Equal((leaves * 20).ToString(), Work.Text(await same.DownloadAsync(sink, ct)));
        Assert.All((await same.WaitAsync(leafOutputs, ct)).Values, s => Assert.Equal(ResultStatus.Completed, s));
        var final = await same.CountTasksAsync(ct);
        Assert.Equal(leaves + 1, final.GetValueOrDefault(TaskStatus.Completed));
        Assert.Contains("Resumed the previous run", second.Output);
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, CancellationToken ct)
    {
        while (!await condition())
        {
            ct.ThrowIfCancellationRequested();
            await Task.Delay(20, ct);
        }
    }

    public void Dispose()
    {
        if (Directory.Exists(_dataFolder)) Directory.Delete(_dataFolder, recursive: true);
    }
}
