using Grid.Api.V1;
using Grid.Client;

namespace Grid.Cli.Workloads;

/// <summary>
/// n "echo" tasks (payload i, for i = 1..n) reduced by "add" tasks to one sum, n(n+1)/2. A single "add" takes at
/// most <see cref="Arity"/> inputs, so larger fan-outs are reduced by a tree of them.
/// </summary>
public static class FanOutWorkload
{
    public const int Arity = 1_000;

    public static async Task<long> RunAsync(GridSession session, int n, CancellationToken ct)
    {
        var payloads = await session.CreateResultsWithDataAsync(Enumerable.Range(1, n).Select(i => ($"echo-{i}-payload", (ReadOnlyMemory<byte>)NumberText.Encode(i))), ct);
        var echoed = await session.CreateResultsAsync(Enumerable.Range(1, n).Select(i => $"echo-{i}"), ct);
        var echoTasks = payloads.Zip(echoed, (payload, output) => new TaskCreation { PayloadId = payload, ExpectedOutputIds = { output } });
        await session.SubmitAsync(echoTasks, new TaskOptions { ApplicationName = SampleApplications.Echo }, ct);

        // The "add" tasks only read their data dependencies; they share one empty payload.
        var addPayload = (await session.CreateResultsWithDataAsync([("add-payload", ReadOnlyMemory<byte>.Empty)], ct))[0];
        IReadOnlyList<string> level = echoed;
        var depth = 0;
        do
        {
            depth++;
            var groups = level.Chunk(Arity).ToList();
            var sums = await session.CreateResultsAsync(groups.Select((_, i) => $"sum-{depth}-{i}"), ct);
            var addTasks = groups.Zip(sums, (inputs, output) => new TaskCreation { PayloadId = addPayload, DataDependencies = { inputs }, ExpectedOutputIds = { output } });
            await session.SubmitAsync(addTasks, new TaskOptions { ApplicationName = SampleApplications.Add }, ct);
            level = sums;
        }
        while (level.Count > 1);

        await WaitForCompletion.RequireCompletedAsync(session, level, ct);
        return NumberText.Decode(await session.DownloadAsync(level[0], ct));
    }

    public static long Expected(int n) => (long)n * (n + 1) / 2;
}
