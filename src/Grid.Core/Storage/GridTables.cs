namespace Grid.Core.Storage;

/// <summary>The table side of a backend: what a table store (in memory, SQLite, PostgreSQL, MongoDB) provides.</summary>
public sealed record GridTables(ISessionTable Sessions, ITaskTable Tasks, IResultTable Results, IEventLog Events);
