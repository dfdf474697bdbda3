namespace Grid.Storage.MongoDb.Documents;

/// <summary>
/// Times are stored as UTC ticks (Int64), not BSON dates: BSON dates hold milliseconds and the records
/// must read back exactly as written.
/// </summary>
internal static class Ticks
{
    public static long Of(DateTime time) => (time.Kind == DateTimeKind.Local ? time.ToUniversalTime() : time).Ticks;

    public static long? Of(DateTime? time) => time is { } t ? Of(t) : null;

    public static DateTime Time(long ticks) => new(ticks, DateTimeKind.Utc);

    public static DateTime? Time(long? ticks) => ticks is { } t ? Time(t) : null;
}
