using Microsoft.Data.Sqlite;

namespace Grid.Storage.Sqlite;

/// <summary>
/// The database schema, versioned with <c>PRAGMA user_version</c>: each entry of <see cref="Migrations"/>
/// brings the database from its index to the next version. Never edit a released migration; add one.
/// </summary>
internal static class SqliteSchema
{
    private static readonly string[] Migrations =
    [
        """
        CREATE TABLE sessions (
            session_id      TEXT    NOT NULL PRIMARY KEY,
            status          INTEGER NOT NULL,
            default_options TEXT    NOT NULL,
            partition_ids   TEXT    NOT NULL,
            created_at      INTEGER NOT NULL,
            cancelled_at    INTEGER,
            closed_at       INTEGER
        ) WITHOUT ROWID;
        CREATE INDEX sessions_by_status_created ON sessions (status, created_at);
        CREATE INDEX sessions_by_created ON sessions (created_at);

        CREATE TABLE tasks (
            task_id             TEXT    NOT NULL PRIMARY KEY,
            session_id          TEXT    NOT NULL,
            status              INTEGER NOT NULL,
            partition_id        TEXT    NOT NULL,
            options             TEXT    NOT NULL,
            payload_id          TEXT    NOT NULL,
            data_dependencies   TEXT    NOT NULL,
            expected_output_ids TEXT    NOT NULL,
            parent_task_id      TEXT,
            attempt             INTEGER NOT NULL,
            owner_agent_id      TEXT,
            lease_expires_at    INTEGER,
            error               TEXT,
            created_at          INTEGER NOT NULL,
            submitted_at        INTEGER,
            started_at          INTEGER,
            ended_at            INTEGER
        );
        CREATE INDEX tasks_by_session_status ON tasks (session_id, status);
        CREATE INDEX tasks_by_session_created ON tasks (session_id, created_at);
        CREATE INDEX tasks_by_parent ON tasks (parent_task_id) WHERE parent_task_id IS NOT NULL;
        -- Restart recovery and lease expiry look for tasks by status across sessions.
        CREATE INDEX tasks_by_status_partition ON tasks (status, partition_id);

        -- The inputs each task still waits for (rows are deleted as results complete).
        CREATE TABLE task_inputs (
            task_id   TEXT NOT NULL,
            result_id TEXT NOT NULL,
            PRIMARY KEY (task_id, result_id)
        ) WITHOUT ROWID;
        CREATE INDEX task_inputs_by_result ON task_inputs (result_id);

        CREATE TABLE results (
            result_id          TEXT    NOT NULL PRIMARY KEY,
            session_id         TEXT    NOT NULL,
            name               TEXT    NOT NULL,
            status             INTEGER NOT NULL,
            owner_task_id      TEXT,
            created_by_task_id TEXT,
            size               INTEGER NOT NULL,
            created_at         INTEGER NOT NULL,
            completed_at       INTEGER
        );
        CREATE INDEX results_by_session_status ON results (session_id, status);
        CREATE INDEX results_by_session_name ON results (session_id, name);
        CREATE INDEX results_by_session_created ON results (session_id, created_at);
        CREATE INDEX results_by_owner ON results (owner_task_id) WHERE owner_task_id IS NOT NULL;

        CREATE TABLE events (
            session_id          TEXT    NOT NULL,
            sequence            INTEGER NOT NULL,
            kind                INTEGER NOT NULL,
            subject_id          TEXT    NOT NULL,
            status              INTEGER NOT NULL,
            attempt             INTEGER NOT NULL,
            parent_task_id      TEXT,
            owner_task_id       TEXT,
            name                TEXT,
            expected_output_ids TEXT,
            data_dependencies   TEXT,
            time                INTEGER NOT NULL,
            PRIMARY KEY (session_id, sequence)
        ) WITHOUT ROWID;
        """,
        // The depth of a task in subtasking, bounded by Grid:Limits:MaxSubtaskDepth.
        """
        ALTER TABLE tasks ADD COLUMN depth INTEGER NOT NULL DEFAULT 0;
        """,
        // Small result data beside the tables (SqliteSmallObjects); larger data stays in files.
        """
        CREATE TABLE objects (
            key  TEXT NOT NULL PRIMARY KEY,
            data BLOB NOT NULL
        );
        """,
        // Recovery and repair page through the tasks of one status (across sessions or within one) by task id.
        """
        CREATE INDEX tasks_by_status_task_id ON tasks (status, task_id);
        CREATE INDEX tasks_by_session_status_task_id ON tasks (session_id, status, task_id);
        DROP INDEX tasks_by_session_status;
        """,
    ];

    public static int CurrentVersion => Migrations.Length;

    /// <summary>Creates or upgrades the schema on <paramref name="connection"/> (the write connection).</summary>
    public static void Migrate(SqliteConnection connection, string databasePath)
    {
        var version = Convert.ToInt32(Scalar(connection, null, "PRAGMA user_version"));
        if (version > CurrentVersion)
            throw new InvalidOperationException(
                $"{databasePath} has schema version {version}, newer than {CurrentVersion} which this Grid knows: it was written by a newer Grid");
        for (; version < CurrentVersion; version++)
        {
            using var transaction = connection.BeginTransaction();
            Execute(connection, transaction, Migrations[version]);
            // PRAGMA takes no parameters; the value is our own integer.
            Execute(connection, transaction, $"PRAGMA user_version = {version + 1}");
            transaction.Commit();
        }
    }

    private static object? Scalar(SqliteConnection connection, SqliteTransaction? transaction, string sql)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return command.ExecuteScalar();
    }

    private static void Execute(SqliteConnection connection, SqliteTransaction transaction, string sql)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
