using System.Collections.Frozen;

namespace Grid.Core.Lifecycle;

/// <summary>The allowed moves between the states of one kind of object, and nothing else.</summary>
public sealed class Lifecycle<TState> where TState : struct, Enum
{
    private readonly FrozenDictionary<TState, FrozenSet<TState>> _moves;
    private readonly string _objectKind;

    public Lifecycle(string objectKind, IReadOnlyDictionary<TState, TState[]> moves)
    {
        _objectKind = objectKind;
        _moves = moves.ToFrozenDictionary(m => m.Key, m => m.Value.ToFrozenSet());
    }

    public bool CanMove(TState from, TState to) => _moves.TryGetValue(from, out var targets) && targets.Contains(to);

    public bool IsFinal(TState state) => !_moves.TryGetValue(state, out var targets) || targets.Count == 0;

    /// <summary>The states from which <paramref name="to"/> can be reached in one move.</summary>
    public IReadOnlyList<TState> SourcesOf(TState to) => _moves.Where(m => m.Value.Contains(to)).Select(m => m.Key).ToArray();

    /// <summary>Refuses an illegal move with FAILED_PRECONDITION naming the current state.</summary>
    public void EnsureCanMove(string id, TState from, TState to, string action)
    {
        if (!CanMove(from, to))
            throw GridException.FailedPrecondition($"cannot {action} {_objectKind} '{id}': it is {from}");
    }
}
