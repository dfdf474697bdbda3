using System.CommandLine;
using System.Diagnostics;
using Grid.Cli.Workloads;
using Grid.Client;
using Spectre.Console;

namespace Grid.Cli.Commands;

/// <summary><c>grid submit fib|fanout &lt;n&gt;</c>: runs a sample workload in a new session and prints its result.</summary>
public static class SubmitCommand
{
    public static Command Create() => new("submit", "Submit a sample workload to a running grid and wait for its result")
    {
        Workload("fib", "Fibonacci(n) by recursive subtasks (one 'fib' task)", 0, 40, FibonacciWorkload.RunAsync, FibonacciWorkload.Expected),
        Workload("fanout", "n 'echo' tasks reduced by 'add' tasks to 1 + 2 + ... + n", 1, 1_000_000, FanOutWorkload.RunAsync, FanOutWorkload.Expected),
    };

    private static Command Workload(string name, string description, int min, int max,
        Func<GridSession, int, CancellationToken, Task<long>> run, Func<int, long> expected)
    {
        var n = CommonOptions.IntArgument("n", min, max, "Size of the workload");
        var endpoint = CommonOptions.Endpoint();
        var command = new Command(name, description) { n, endpoint };
        command.SetAction(CliErrors.Guard(async (parse, ct) =>
        {
            await using var client = GridConnection.Open(parse.GetValue(endpoint));
            var size = parse.GetValue(n);
            var session = await client.CreateSessionAsync(ct: ct);
            Console.WriteLine($"Session {session.SessionId}: {name} {size}");

            var clock = Stopwatch.StartNew();
            var result = await run(session, size, ct);
            var elapsed = clock.Elapsed;
            await session.CloseAsync(ct);

            var want = expected(size);
            AnsiConsole.MarkupLineInterpolated($"Result: [bold]{result}[/] in {elapsed.TotalSeconds:F2} s{(result == want ? "" : $" (expected {want})")}");
            AnsiConsole.Write(TaskCountsTable.Build(await session.CountTasksAsync(ct)));
            return result == want ? 0 : CliErrors.Failed;
        }));
        return command;
    }
}
