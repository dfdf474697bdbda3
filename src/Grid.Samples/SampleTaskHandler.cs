using Grid.Worker;

namespace Grid.Samples;

/// <summary>
/// The sample worker. The task's application name chooses what it does; payloads and outputs are
/// UTF-8 text so that results can be read at a glance.
/// </summary>
public sealed class SampleTaskHandler : ITaskHandler
{
    public Task HandleAsync(TaskContext context, CancellationToken cancellationToken) => context.Options.ApplicationName switch
    {
        SampleApplications.Empty => SampleApplications.EmptyAsync(context, cancellationToken),
        SampleApplications.Echo => SampleApplications.EchoAsync(context, cancellationToken),
        SampleApplications.Add => SampleApplications.AddAsync(context, cancellationToken),
        SampleApplications.Fibonacci => SampleApplications.FibonacciAsync(context, cancellationToken),
        SampleApplications.Sleep => SampleApplications.SleepAsync(context, cancellationToken),
        SampleApplications.Flaky => SampleApplications.FlakyAsync(context, cancellationToken),
        SampleApplications.Fail => throw new TaskFailedException("the 'fail' application always fails", retryable: false),
        SampleApplications.Generate => SampleApplications.GenerateAsync(context, cancellationToken),
        var other => throw new TaskFailedException($"unknown application '{other}'; the sample worker knows {string.Join(", ", SampleApplications.All)}", retryable: false),
    };
}
