using System.Collections.Concurrent;
using Grid.Core;

namespace Grid.Agent;

/// <summary>The attempts this agent runs now, by communication token.</summary>
public sealed class AttemptRegistry
{
    private readonly ConcurrentDictionary<string, RunningAttempt> _attempts = new();

    public void Add(RunningAttempt attempt) => _attempts[attempt.Token] = attempt;

    public void Remove(RunningAttempt attempt) => _attempts.TryRemove(attempt.Token, out _);

    /// <summary>The attempt, or FAILED_PRECONDITION when the token names none (the attempt ended, or never was).</summary>
    public RunningAttempt Get(string token) =>
        _attempts.TryGetValue(token, out var attempt)
            ? attempt
            : throw GridException.FailedPrecondition($"communication_token: no running attempt has token '{token}'");

    public int Count => _attempts.Count;

    public IReadOnlyList<RunningAttempt> Snapshot() => _attempts.Values.ToList();
}
