namespace Grid.Storage.PostgreSql.Schema;

/// <summary>
/// The schema, as numbered steps. A step, once released, never changes: add a new one instead.
/// Tables are created in the connection's current schema (the first entry of its search path).
/// </summary>
/// <remarks>
/// Every query of this backend and the index behind it:
/// <list type="bullet">
/// <item>sessions: by id (primary key); listing by creation time (sessions_by_created_at), by status (sessions_by_status_created_at).</item>
/// <item>tasks: acquire / read / transition by id (primary key); listing, counting and finding within a session by status
///   (tasks_by_session_status_task_id, in id order for paging) or by creation time (tasks_by_session_created_at); finding by
///   status across sessions in id order, as recovery and lease expiry do (tasks_by_status_task_id); listing by status across
///   sessions by creation time (tasks_by_status_created_at); subtasks of a parent (tasks_by_parent).</item>
/// <item>task_inputs (unresolved inputs): resolving a result and finding the tasks waiting on it by result id
///   (task_inputs_by_result); deciding whether a task still waits, and deleting a task's edges, by task id (primary key).</item>
/// <item>results: by id (primary key); listing within a session by creation time, name, status
///   (results_by_session_created_at, results_by_session_name, results_by_session_status); by owner task (results_by_owner).</item>
/// <item>events: reading a session from a sequence (primary key (session_id, sequence));
///   the last sequence of a session (session_event_counters primary key).</item>
/// <item>deleting a session, in batches: its tasks by tasks_by_session_status_task_id, their inputs by the task_inputs primary key,
///   its results by results_by_session_status, its events and counter by their primary keys.</item>
/// <item>queue_messages: dequeuing the ready messages of a partition in priority then FIFO order
///   (queue_messages_ready, partial on untaken); reclaiming messages whose visibility deadline passed
///   (queue_messages_taken, partial on taken); acknowledging and releasing by id (primary key).</item>
/// </list>
/// Identifiers use the "C" collation: ordinal order (as the in-memory backend sorts) and cheaper comparisons.
/// </remarks>
public static class Migrations
{
    public static readonly IReadOnlyList<Migration> All =
    [
        new(1, "tables, dependencies and event log", """
            CREATE TABLE sessions (
                session_id text COLLATE "C" PRIMARY KEY,
                status smallint NOT NULL,
                partition_ids text[] NOT NULL,
                created_at timestamptz NOT NULL,
                cancelled_at timestamptz,
                closed_at timestamptz,
                default_max_duration interval,
                default_max_retries integer,
                default_priority integer,
                default_partition_id text COLLATE "C",
                default_application_name text,
                default_application_version text,
                default_options jsonb NOT NULL
            );
            CREATE INDEX sessions_by_created_at ON sessions (created_at);
            CREATE INDEX sessions_by_status_created_at ON sessions (status, created_at);

            CREATE TABLE tasks (
                task_id text COLLATE "C" PRIMARY KEY,
                session_id text COLLATE "C" NOT NULL,
                status smallint NOT NULL,
                payload_id text COLLATE "C" NOT NULL,
                data_dependencies text[] NOT NULL,
                expected_output_ids text[] NOT NULL,
                parent_task_id text COLLATE "C",
                attempt integer NOT NULL,
                owner_agent_id text COLLATE "C",
                lease_expires_at timestamptz,
                error text,
                created_at timestamptz NOT NULL,
                submitted_at timestamptz,
                started_at timestamptz,
                ended_at timestamptz,
                max_duration interval,
                max_retries integer,
                priority integer,
                partition_id text COLLATE "C",
                application_name text,
                application_version text,
                options jsonb NOT NULL
            );
            CREATE INDEX tasks_by_session_status ON tasks (session_id, status);
            CREATE INDEX tasks_by_session_created_at ON tasks (session_id, created_at);
            CREATE INDEX tasks_by_status_created_at ON tasks (status, created_at);
            CREATE INDEX tasks_by_parent ON tasks (parent_task_id) WHERE parent_task_id IS NOT NULL;

            -- One row per input a task still waits for; the row goes when the input completes.
            CREATE TABLE task_inputs (
                task_id text COLLATE "C" NOT NULL,
                result_id text COLLATE "C" NOT NULL,
                PRIMARY KEY (task_id, result_id)
            );
            CREATE INDEX task_inputs_by_result ON task_inputs (result_id);

            CREATE TABLE results (
                result_id text COLLATE "C" PRIMARY KEY,
                session_id text COLLATE "C" NOT NULL,
                name text COLLATE "C" NOT NULL,
                status smallint NOT NULL,
                owner_task_id text COLLATE "C",
                created_by_task_id text COLLATE "C",
                size bigint NOT NULL,
                created_at timestamptz NOT NULL,
                completed_at timestamptz
            );
            CREATE INDEX results_by_session_created_at ON results (session_id, created_at);
            CREATE INDEX results_by_session_name ON results (session_id, name);
            CREATE INDEX results_by_session_status ON results (session_id, status);
            CREATE INDEX results_by_owner ON results (owner_task_id) WHERE owner_task_id IS NOT NULL;

            -- The last sequence number of each session; its row lock serialises appends to one session only.
            CREATE TABLE session_event_counters (
                session_id text COLLATE "C" PRIMARY KEY,
                last_sequence bigint NOT NULL
            );

            CREATE TABLE events (
                session_id text COLLATE "C" NOT NULL,
                sequence bigint NOT NULL,
                kind smallint NOT NULL,
                subject_id text COLLATE "C" NOT NULL,
                status integer NOT NULL,
                attempt integer NOT NULL,
                parent_task_id text COLLATE "C",
                owner_task_id text COLLATE "C",
                name text,
                expected_output_ids text[],
                data_dependencies text[],
                time timestamptz NOT NULL,
                PRIMARY KEY (session_id, sequence)
            );
            """),
        new(2, "task queue", """
            -- taken_until is null while a message waits; set when a consumer takes it, and the message is
            -- delivered again once that deadline passes without an acknowledgement (the consumer died).
            -- delivery counts the times it was taken, so that a consumer that lost the message cannot
            -- acknowledge or release its next delivery.
            CREATE TABLE queue_messages (
                message_id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                partition_id text COLLATE "C" NOT NULL,
                priority integer NOT NULL,
                task_id text COLLATE "C" NOT NULL,
                enqueued_at timestamptz NOT NULL DEFAULT now(),
                taken_until timestamptz,
                delivery integer NOT NULL DEFAULT 0
            );
            CREATE INDEX queue_messages_ready ON queue_messages (partition_id, priority DESC, message_id) WHERE taken_until IS NULL;
            CREATE INDEX queue_messages_taken ON queue_messages (partition_id, taken_until) WHERE taken_until IS NOT NULL;
            """),
        new(3, "task depth in subtasking", """
            -- 0 for a task submitted by a client, its parent's depth + 1 for a subtask; bounded by Grid:Limits:MaxSubtaskDepth.
            ALTER TABLE tasks ADD COLUMN depth integer NOT NULL DEFAULT 0;
            """),
        new(4, "tasks by status in id order", """
            -- Recovery and repair page through the tasks of one status (across sessions or within one) by task id.
            CREATE INDEX tasks_by_status_task_id ON tasks (status, task_id);
            CREATE INDEX tasks_by_session_status_task_id ON tasks (session_id, status, task_id);
            DROP INDEX tasks_by_session_status;
            """),
    ];
}
