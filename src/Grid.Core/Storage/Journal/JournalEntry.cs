using System.Text.Json.Serialization;
using Grid.Core.Model;

namespace Grid.Core.Storage.Journal;

/// <summary>What one journal entry does when it is replayed: a call of the tables, or (in a snapshot) rows restored as they were.</summary>
internal enum JournalCommand
{
    CreateSession = 1,
    TransitionSession = 2,
    CreateTasks = 3,
    TransitionTasks = 4,
    ResolveInputs = 5,
    ReleaseTasks = 6,
    RenewLeases = 7,
    DeleteTasks = 8,
    DeleteSessionTasks = 9,
    CreateResults = 10,
    SetResultOwners = 11,
    TransitionResults = 12,
    DeleteSessionResults = 13,
    AppendEvents = 14,
    DeleteSessionEvents = 15,
    WriteObject = 16,
    DeleteObjects = 17,

    RestoreSessions = 100,
    RestoreTasks = 101,
    RestoreResults = 102,
    RestoreEvents = 103,
    RestoreObject = 104,
}

/// <summary>
/// One call that changed the tables, with its arguments: replaying the calls in order on empty tables rebuilds the
/// same rows, because the tables decide only from their rows and the arguments (times are arguments, never read
/// from a clock). Only the fields of its <see cref="Command"/> are set.
/// </summary>
internal sealed class JournalEntry
{
    public JournalCommand Command { get; init; }
    /// <summary>The session, agent or object key the call is about.</summary>
    public string? Id { get; init; }
    public IReadOnlyList<string>? Ids { get; init; }
    public DateTime? At { get; init; }
    public SessionState? From { get; init; }
    public SessionState? To { get; init; }
    public IReadOnlyList<SessionRecord>? Sessions { get; init; }
    public IReadOnlyList<NewTask>? Tasks { get; init; }
    public IReadOnlyList<TaskTransition>? TaskTransitions { get; init; }
    public IReadOnlyList<ResultRecord>? Results { get; init; }
    public IReadOnlyList<ResultTransition>? ResultTransitions { get; init; }
    public IReadOnlyList<ResultOwner>? Owners { get; init; }
    public IReadOnlyList<GridEvent>? Events { get; init; }
    public byte[]? Data { get; init; }
}

internal sealed record ResultOwner(string ResultId, string OwnerTaskId);

[JsonSourceGenerationOptions(
    IgnoreReadOnlyProperties = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(JournalEntry))]
internal sealed partial class JournalJson : JsonSerializerContext;
