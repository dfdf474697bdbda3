using Grid.Api.V1;
using Grid.Client;
using Grid.Samples;

namespace Grid.Tests;

/// <summary>
/// 1 root → 9,899 leaves → 99 group sums → 1 sink: 10,000 tasks, submitted sink first so that every
/// dependency is still missing when its dependent arrives. Leaf i computes 1 + i.
/// </summary>
public sealed class FanOutFanIn
{
    public const int TaskCount = 10_000;
    private const int Leaves = 9_899, GroupSize = 100;

    public required string Sink { get; init; }
    public required string RootOutput { get; init; }
    public required IReadOnlyList<string> LeafOutputs { get; init; }

    public static long ExpectedSum => Enumerable.Range(0, Leaves).Sum(i => 1L + i);

    public static async Task<FanOutFanIn> SubmitAsync(GridSession session, CancellationToken ct)
    {
        var inputs = await session.CreateResultsWithDataAsync(
            new[] { ("root", Work.Text("1")), ("empty", ReadOnlyMemory<byte>.Empty) }
                .Concat(Enumerable.Range(0, Leaves).Select(i => ($"value-{i}", Work.Text(i.ToString())))), ct);
        var (rootPayload, empty, values) = (inputs[0], inputs[1], inputs.Skip(2).ToList());

        var groups = (Leaves + GroupSize - 1) / GroupSize;
        var outputs = await session.CreateResultsAsync(
            new[] { "root-out", "sink" }.Concat(Enumerable.Range(0, Leaves).Select(i => $"leaf-{i}")).Concat(Enumerable.Range(0, groups).Select(g => $"group-{g}")), ct);
        var (rootOut, sink) = (outputs[0], outputs[1]);
        var leafOuts = outputs.Skip(2).Take(Leaves).ToList();
        var groupOuts = outputs.Skip(2 + Leaves).ToList();

        var tasks = new List<TaskCreation> { Work.Task(empty, groupOuts, [sink], SampleApplications.Add) };
        tasks.AddRange(Enumerable.Range(0, groups).Select(g => Work.Task(empty, leafOuts.Skip(g * GroupSize).Take(GroupSize), [groupOuts[g]], SampleApplications.Add)));
        tasks.AddRange(Enumerable.Range(0, Leaves).Select(i => Work.Task(empty, [rootOut, values[i]], [leafOuts[i]], SampleApplications.Add)));
        tasks.Add(Work.Task(rootPayload, [], [rootOut], SampleApplications.Echo));
        await session.SubmitAsync(tasks, ct: ct);
        return new FanOutFanIn { Sink = sink, RootOutput = rootOut, LeafOutputs = leafOuts };
    }

    /// <summary>Waits for the sink and checks the sums, a few leaves and that every task completed.</summary>
    public async Task VerifyAsync(GridSession session, CancellationToken ct)
    {
        Assert.Equal(ResultStatus.Completed, (await session.WaitAsync([Sink], ct))[Sink]);
        Assert.Equal(ExpectedSum.ToString(), Work.Text(await session.DownloadAsync(Sink, ct)));
        Assert.Equal("1", Work.Text(await session.DownloadAsync(RootOutput, ct)));
        Assert.Equal("4243", Work.Text(await session.DownloadAsync(LeafOutputs[4242], ct)));
        var counts = await session.CountTasksAsync(ct);
        Assert.Equal(TaskCount, counts.GetValueOrDefault(Api.V1.TaskStatus.Completed));
        Assert.Single(counts);
    }
}
