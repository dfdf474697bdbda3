namespace Grid.Storage.PostgreSql.Rows;

/// <summary>
/// Times are stored as timestamptz, which keeps microseconds: a time with finer ticks comes back truncated to
/// the microsecond (Npgsql truncates on write). Records carry UTC; a time of unspecified kind is taken as UTC.
/// </summary>
internal static class Timestamps
{
    public static DateTime ToUtc(DateTime value) => value.Kind switch
    {
        DateTimeKind.Utc => value,
        DateTimeKind.Local => value.ToUniversalTime(),
        _ => DateTime.SpecifyKind(value, DateTimeKind.Utc),
    };
}
