using System.Text;
using Grid.Api.V1;
using Grid.Worker;

namespace Grid.Samples;

/// <summary>The applications of the sample worker, chosen by <c>TaskOptions.application_name</c>.</summary>
public static class SampleApplications
{
    /// <summary>Writes "ok" to every expected output: the empty task of the benchmark.</summary>
    public const string Empty = "empty";
    /// <summary>Copies the payload to every expected output.</summary>
    public const string Echo = "echo";
    /// <summary>Writes the sum of the decimal numbers in its data dependencies.</summary>
    public const string Add = "add";
    /// <summary>Fibonacci(n) by recursive subtasking: two children and an "add" that takes over the output.</summary>
    public const string Fibonacci = "fib";
    /// <summary>Sleeps for the payload's number of milliseconds, then echoes it.</summary>
    public const string Sleep = "sleep";
    /// <summary>Fails (retryably) on its first attempt, then echoes.</summary>
    public const string Flaky = "flaky";
    /// <summary>Fails without retry.</summary>
    public const string Fail = "fail";
    /// <summary>Writes an output of the payload's number of bytes, streamed (for large results).</summary>
    public const string Generate = "generate";

    public static readonly string[] All = [Empty, Echo, Add, Fibonacci, Sleep, Flaky, Fail, Generate];

    private static readonly byte[] Ok = "ok"u8.ToArray();

    public static async Task EmptyAsync(TaskContext context, CancellationToken cancellationToken)
    {
        foreach (var output in context.ExpectedOutputIds) await context.SetOutputAsync(output, Ok, cancellationToken);
    }

    public static async Task EchoAsync(TaskContext context, CancellationToken cancellationToken)
    {
        var payload = context.Payload;
        foreach (var output in context.ExpectedOutputIds) await context.SetOutputAsync(output, payload, cancellationToken);
    }

    public static async Task AddAsync(TaskContext context, CancellationToken cancellationToken)
    {
        long sum = 0;
        foreach (var input in context.DataDependencies) sum += ReadNumber(context.ReadInput(input), input);
        foreach (var output in context.ExpectedOutputIds) await context.SetOutputAsync(output, Number(sum), cancellationToken);
    }

    public static async Task FibonacciAsync(TaskContext context, CancellationToken cancellationToken)
    {
        var n = ReadNumber(context.Payload, "payload");
        var output = context.ExpectedOutputIds.Single();
        if (n < 2)
        {
            await context.SetOutputAsync(output, Number(n), cancellationToken);
            return;
        }
        var payloads = await context.CreateResultsWithDataAsync([("n-1", Number(n - 1)), ("n-2", Number(n - 2)), ("add", ReadOnlyMemory<byte>.Empty)], cancellationToken);
        var partials = await context.CreateResultsAsync(["fib(n-1)", "fib(n-2)"], cancellationToken);
        await context.SubmitSubtasksAsync(
        [
            Task(payloads[0], [], [partials[0]], Fibonacci),
            Task(payloads[1], [], [partials[1]], Fibonacci),
            // The reduction takes over this task's own output.
            Task(payloads[2], partials, [output], Add),
        ], cancellationToken: cancellationToken);
    }

    /// <summary>Raised with the task id when a "sleep" task is stopped by its agent before the end of its sleep.</summary>
    public static event Action<string>? SleepInterrupted;

    public static async Task SleepAsync(TaskContext context, CancellationToken cancellationToken)
    {
        try
        {
            await System.Threading.Tasks.Task.Delay(TimeSpan.FromMilliseconds(ReadNumber(context.Payload, "payload")), cancellationToken);
        }
        catch (OperationCanceledException)
        {
            SleepInterrupted?.Invoke(context.TaskId);
            throw;
        }
        await EchoAsync(context, cancellationToken);
    }

    public static Task FlakyAsync(TaskContext context, CancellationToken cancellationToken) =>
        context.Attempt == 1 ? throw new InvalidOperationException("first attempts of 'flaky' fail") : EchoAsync(context, cancellationToken);

    public static async Task GenerateAsync(TaskContext context, CancellationToken cancellationToken)
    {
        var size = ReadNumber(context.Payload, "payload");
        foreach (var output in context.ExpectedOutputIds)
            await context.SetOutputAsync(output, new PatternStream(size), cancellationToken);
    }

    public static TaskCreation Task(string payload, IEnumerable<string> dependencies, IEnumerable<string> outputs, string application)
    {
        var task = new TaskCreation { PayloadId = payload, Options = new TaskOptions { ApplicationName = application } };
        task.DataDependencies.Add(dependencies);
        task.ExpectedOutputIds.Add(outputs);
        return task;
    }

    public static byte[] Number(long value) => Encoding.UTF8.GetBytes(value.ToString(System.Globalization.CultureInfo.InvariantCulture));

    public static long ReadNumber(ReadOnlyMemory<byte> data, string what) =>
        long.TryParse(Encoding.UTF8.GetString(data.Span), System.Globalization.CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new TaskFailedException($"{what} is not a decimal number", retryable: false);
}
