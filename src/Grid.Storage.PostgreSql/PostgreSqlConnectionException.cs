namespace Grid.Storage.PostgreSql;

/// <summary>The server could not be reached or refused us; the message names the server and what failed.</summary>
public sealed class PostgreSqlConnectionException(string message, Exception innerException) : Exception(message, innerException);
