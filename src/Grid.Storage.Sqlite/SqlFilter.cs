using Microsoft.Data.Sqlite;

namespace Grid.Storage.Sqlite;

/// <summary>A WHERE clause built from the optional parts of a filter, with its parameters.</summary>
internal sealed class SqlFilter
{
    private readonly List<string> _conditions = [];
    private readonly List<(string Name, object Value)> _parameters = [];

    public SqlFilter Equal(string column, string? value)
    {
        if (value is not null) Add($"{column} = ${column}", (column, value));
        return this;
    }

    /// <summary>Enum values are written into the SQL as integers so that SQLite can use an index on the column.</summary>
    public SqlFilter In<TEnum>(string column, IReadOnlyCollection<TEnum> values) where TEnum : struct, Enum
    {
        if (values.Count > 0)
            _conditions.Add($"{column} IN ({string.Join(", ", values.Select(v => Convert.ToInt64(v)).Distinct())})");
        return this;
    }

    /// <summary>Values of <paramref name="column"/> greater than <paramref name="value"/> (SQLite compares text bytewise: ordinal).</summary>
    public SqlFilter GreaterThan(string column, string? value)
    {
        if (value is not null) Add($"{column} > ${column}_after", ($"{column}_after", value));
        return this;
    }

    public SqlFilter After(string column, DateTime? time)
    {
        if (time is { } t) Add($"{column} > ${column}_after", ($"{column}_after", StoredValues.Ticks(t)));
        return this;
    }

    public SqlFilter Before(string column, DateTime? time)
    {
        if (time is { } t) Add($"{column} < ${column}_before", ($"{column}_before", StoredValues.Ticks(t)));
        return this;
    }

    public string Where => _conditions.Count == 0 ? "" : "WHERE " + string.Join(" AND ", _conditions);

    public SqliteCommand Bind(SqliteCommand command)
    {
        foreach (var (name, value) in _parameters) command.Set("$" + name, value);
        return command;
    }

    private void Add(string condition, (string Name, object Value) parameter)
    {
        _conditions.Add(condition);
        _parameters.Add(parameter);
    }
}
