using Grid.Api.V1;
using Grid.Client;

namespace Grid.Cli.Workloads;

/// <summary>One "fib" task: the worker computes Fibonacci(n) by spawning subtasks.</summary>
public static class FibonacciWorkload
{
    public static async Task<long> RunAsync(GridSession session, int n, CancellationToken ct)
    {
        var payload = (await session.CreateResultsWithDataAsync([($"fib-{n}-payload", NumberText.Encode(n))], ct))[0];
        var output = (await session.CreateResultsAsync([$"fib-{n}"], ct))[0];
        var task = new TaskCreation { PayloadId = payload, ExpectedOutputIds = { output } };
        await session.SubmitAsync([task], new TaskOptions { ApplicationName = SampleApplications.Fibonacci }, ct);
        await WaitForCompletion.RequireCompletedAsync(session, [output], ct);
        return NumberText.Decode(await session.DownloadAsync(output, ct));
    }

    /// <summary>The value the grid should find.</summary>
    public static long Expected(int n)
    {
        long a = 0, b = 1;
        for (var i = 0; i < n; i++)
            (a, b) = (b, a + b);
        return a;
    }
}
