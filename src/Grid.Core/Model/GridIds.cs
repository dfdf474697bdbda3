namespace Grid.Core.Model;

/// <summary>
/// Ids of sessions, tasks and results: UUIDs of version 7, which begin with their creation time. Ids made one after
/// the other sort together, so a table's index grows at its end instead of touching a random page per row: in SQLite
/// and PostgreSQL, each commit writes a few pages rather than one per row and index.
/// </summary>
public static class GridIds
{
    public static string New() => Guid.CreateVersion7().ToString();
}
