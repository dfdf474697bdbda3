namespace Grid.Storage.PostgreSql.Schema;

/// <summary>One step of the schema, applied once and recorded in <c>grid_schema_migrations</c>.</summary>
public sealed record Migration(int Version, string Name, string Sql);
