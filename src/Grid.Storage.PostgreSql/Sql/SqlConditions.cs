using Npgsql;

namespace Grid.Storage.PostgreSql.Sql;

/// <summary>
/// The WHERE clause of a filter, built from only the conditions that are set, so that the planner sees a plain
/// predicate and picks the index that fits (no "@p IS NULL OR ..." that defeats it). Parameters are created
/// afresh for each command that uses the clause.
/// </summary>
internal sealed class SqlConditions
{
    private readonly List<string> _conditions = [];
    private readonly List<Func<NpgsqlParameter>> _parameters = [];

    public SqlConditions Add(string condition, Func<NpgsqlParameter> parameter)
    {
        _conditions.Add(condition);
        _parameters.Add(parameter);
        return this;
    }

    public string Where => _conditions.Count == 0 ? "" : " WHERE " + string.Join(" AND ", _conditions);

    public void AddParametersTo(NpgsqlParameterCollection collection)
    {
        foreach (var parameter in _parameters) collection.Add(parameter());
    }
}
