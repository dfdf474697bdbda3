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
        var port = GridProcess.FreePort();
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
        var statuses = await same.WaitAsync([sink], ct);
        Assert.Equal(ResultStatus.Completed, statuses[sink]);
        Assert.Equal((leaves * 20).ToString(), Work.Text(await same.DownloadAsync(sink, ct)));
        Assert.All((await same.WaitAsync(leafOutputs, ct)).Values, s => Assert.Equal(ResultStatus.Completed, s));
        var counts = await same.CountTasksAsync(ct);
        Assert.Equal(leaves + 1, counts.GetValueOrDefault(TaskStatus.Completed));
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
