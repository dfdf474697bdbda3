using System.Collections.Concurrent;
using Grid.Workflows.Worker;

namespace Grid.Workflows.Engine.Tests.Handlers;

/// <summary>
/// Test application <c>test-gate</c>: holds its task until the test opens the gate named by the input's study id,
/// so that a test can act while an instance is surely running.
/// </summary>
public sealed class GateHandler : WorkflowTaskHandler
{
    public const string Application = "test-gate";

    private static readonly ConcurrentDictionary<string, (TaskCompletionSource Entered, TaskCompletionSource Open)> Gates = new();

    public static Task EnteredAsync(string gate) => Gate(gate).Entered.Task;

    public static void Open(string gate) => Gate(gate).Open.TrySetResult();

    protected override async Task HandleAsync(WorkflowTaskContext context, CancellationToken cancellationToken)
    {
        var gate = Gate(context.Manifest.Dicom?.StudyId ?? "");
        gate.Entered.TrySetResult();
        await gate.Open.Task.WaitAsync(cancellationToken);
    }

    private static (TaskCompletionSource Entered, TaskCompletionSource Open) Gate(string name) =>
        Gates.GetOrAdd(name, _ => (new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously), new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)));
}
