using Grid.Core.Model;
using Grid.Core.Operations;

namespace Grid.Agent;

/// <summary>One attempt of a task held by this agent, found by its communication token when the worker calls back.</summary>
public sealed class RunningAttempt
{
    public RunningAttempt(TaskRecord task, string dataFolder)
    {
        Task = task;
        Folder = Path.Combine(dataFolder, Token);
    }

    public string Token { get; } = Guid.NewGuid().ToString("N");
    /// <summary>The task as this agent holds it: Processing, under this agent's lease.</summary>
    public TaskRecord Task { get; }
    /// <summary>Per-attempt folder shared with the worker for large inputs and outputs; it exists only once one needs it.</summary>
    public string Folder { get; }
    public AttemptOutcome Outcome { get; } = new();
    /// <summary>Cancels the worker call: the task was cancelled, or the agent hands it back at shutdown.</summary>
    /// <remarks>Never disposed (it has no timer): the watch may cancel it while the attempt ends.</remarks>
    public CancellationTokenSource Abort { get; } = new();
    /// <summary>The worker answered (or its call failed): there is no call left to stop, whatever the task's state now.</summary>
    public bool WorkerCallEnded => Volatile.Read(ref _workerCallEnded);
    private bool _workerCallEnded;

    public void EndWorkerCall() => Volatile.Write(ref _workerCallEnded, true);
    /// <summary>Guards <see cref="Outcome"/>: the worker may call back concurrently.</summary>
    public Lock Lock { get; } = new();
}
