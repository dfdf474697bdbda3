using System.Collections.Frozen;

namespace Grid.Core.Lifecycle;

/// <summary>The allowed moves between the states of one kind of object, and nothing else.</summary>
public sealed class Lifecycle<TState> where TState : struct, Enum
{
    private readonly FrozenDictionary<TState, FrozenSet<TState>> _moves;
    private readonly FrozenDictionary<TState, FrozenSet<TState>> _alreadyMet;
    private readonly string _objectKind;

    /// <param name="alreadyMet">
    /// For a state asked for, the other states that already give what the request wants (a stop asked of something that
    /// has already ended): asking for it there succeeds and changes nothing.
    /// </param>
    public Lifecycle(string objectKind, IReadOnlyDictionary<TState, TState[]> moves, IReadOnlyDictionary<TState, TState[]>? alreadyMet = null)
    {
        _objectKind = objectKind;
        _moves = moves.ToFrozenDictionary(m => m.Key, m => m.Value.ToFrozenSet());
        _alreadyMet = (alreadyMet ?? new Dictionary<TState, TState[]>()).ToFrozenDictionary(m => m.Key, m => m.Value.ToFrozenSet());
    }

    public bool CanMove(TState from, TState to) => _moves.TryGetValue(from, out var targets) && targets.Contains(to);

    public bool IsFinal(TState state) => !_moves.TryGetValue(state, out var targets) || targets.Count == 0;

    /// <summary>Asking an object in <paramref name="from"/> for <paramref name="to"/> needs no move: it is there, or past it.</summary>
    public bool IsAlreadyMet(TState from, TState to) =>
        EqualityComparer<TState>.Default.Equals(from, to) || (_alreadyMet.TryGetValue(to, out var states) && states.Contains(from));

    /// <summary>The states from which <paramref name="to"/> can be reached in one move.</summary>
    public IReadOnlyList<TState> SourcesOf(TState to) => _moves.Where(m => m.Value.Contains(to)).Select(m => m.Key).ToArray();

    /// <summary>Refuses an illegal move with FAILED_PRECONDITION naming the current state.</summary>
    public void EnsureCanMove(string id, TState from, TState to, string action)
    {
        if (!CanMove(from, to))
            throw GridException.FailedPrecondition($"cannot {action} {_objectKind} '{id}': it is {from}");
    }

    /// <summary>
    /// True when the object must move; false when the request is already met (nothing to do); FAILED_PRECONDITION naming
    /// the current state when the move is not allowed.
    /// </summary>
    public bool MustMove(string id, TState from, TState to, string action)
    {
        if (IsAlreadyMet(from, to)) return false;
        EnsureCanMove(id, from, to, action);
        return true;
    }
}
