using System.Runtime.CompilerServices;
using Grid.Core.Storage;
using Grid.Core.Storage.FileSystem;
using Grid.Core.Storage.InMemory;
using Grid.Storage.MongoDb;
using Grid.Storage.PostgreSql;
using Grid.Storage.RabbitMQ;
using Grid.Storage.Redis;
using Grid.Storage.S3;
using Grid.Storage.Sqlite;
using Grid.Storage.Sqs;
using Microsoft.Extensions.Configuration;

namespace Grid.Backends;

/// <summary>
/// Opens the tables, queue and object storage named under <c>Grid:Storage</c>. It connects to every
/// server before returning, so a process with a wrong or unreachable backend stops at start with a
/// message naming the setting, before it serves anything.
/// </summary>
/// <remarks>Each backend is opened in a method of its own so that only the chosen backends' assemblies load.</remarks>
public static class GridStorageFactory
{
    public const string Section = "Grid:Storage";

    public static async Task<GridStorage> OpenAsync(IConfiguration configuration, CancellationToken cancellationToken)
    {
        var root = configuration.GetSection(Section);
        var tablesSettings = new StorageSettings(root.GetSection("Tables"), BackendKinds.Tables, "InMemory");
        var queueSettings = new StorageSettings(root.GetSection("Queue"), BackendKinds.Queues, "InMemory");
        var objectSettings = new StorageSettings(root.GetSection("Objects"), BackendKinds.Objects, "InMemory");
        // Read every kind first: a misspelt kind is reported before anything connects.
        _ = (tablesSettings.Kind, queueSettings.Kind, objectSettings.Kind);

        var tables = await tablesSettings.OpenAsync(() => OpenTablesAsync(tablesSettings, cancellationToken)).ConfigureAwait(false);
        var queue = await queueSettings.OpenAsync(() => OpenQueueAsync(queueSettings, cancellationToken)).ConfigureAwait(false);
        var objects = await objectSettings.OpenAsync(() => OpenObjectsAsync(objectSettings, cancellationToken)).ConfigureAwait(false);
        return new GridStorage(tables.Sessions, tables.Tasks, tables.Results, queue, objects, tables.Events);
    }

    private static Task<GridTables> OpenTablesAsync(StorageSettings settings, CancellationToken cancellationToken) => settings.Kind switch
    {
        "Sqlite" => OpenSqliteAsync(settings, cancellationToken),
        "PostgreSql" => OpenPostgreSqlTablesAsync(settings, cancellationToken),
        "MongoDb" => OpenMongoDbAsync(settings, cancellationToken),
        _ => Task.FromResult(InMemoryTables.Create()),
    };

    private static Task<ITaskQueue> OpenQueueAsync(StorageSettings settings, CancellationToken cancellationToken) => settings.Kind switch
    {
        "PostgreSql" => OpenPostgreSqlQueueAsync(settings, cancellationToken),
        "RabbitMQ" => OpenRabbitMqAsync(settings, cancellationToken),
        "Sqs" => OpenSqsAsync(settings, cancellationToken),
        _ => Task.FromResult<ITaskQueue>(new InMemoryTaskQueue()),
    };

    private static Task<IObjectStorage> OpenObjectsAsync(StorageSettings settings, CancellationToken cancellationToken) => settings.Kind switch
    {
        "FileSystem" => Task.FromResult<IObjectStorage>(new FileSystemObjectStorage(settings.Bind<FileSystemSettings>(nameof(FileSystemSettings.Folder)).Folder)),
        "Redis" => OpenRedisAsync(settings, cancellationToken),
        "S3" => OpenS3Async(settings, cancellationToken),
        _ => Task.FromResult<IObjectStorage>(new InMemoryObjectStorage()),
    };

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static Task<GridTables> OpenSqliteAsync(StorageSettings settings, CancellationToken ct) =>
        SqliteBackend.OpenAsync(settings.Bind<SqliteOptions>(nameof(SqliteOptions.DataFolder)), ct);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static Task<GridTables> OpenPostgreSqlTablesAsync(StorageSettings settings, CancellationToken ct) =>
        PostgreSqlBackend.OpenTablesAsync(settings.Bind<PostgreSqlOptions>(nameof(PostgreSqlOptions.ConnectionString)), null, ct);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static Task<GridTables> OpenMongoDbAsync(StorageSettings settings, CancellationToken ct) =>
        MongoDbBackend.OpenAsync(settings.Bind<MongoDbOptions>(nameof(MongoDbOptions.ConnectionString)), ct);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static Task<ITaskQueue> OpenPostgreSqlQueueAsync(StorageSettings settings, CancellationToken ct) =>
        PostgreSqlBackend.OpenQueueAsync(settings.Bind<PostgreSqlOptions>(nameof(PostgreSqlOptions.ConnectionString)), null, ct);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static Task<ITaskQueue> OpenRabbitMqAsync(StorageSettings settings, CancellationToken ct) =>
        RabbitMqBackend.OpenAsync(settings.Bind<RabbitMqQueueOptions>(nameof(RabbitMqQueueOptions.Uri)), ct);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static Task<ITaskQueue> OpenSqsAsync(StorageSettings settings, CancellationToken ct) =>
        SqsBackend.OpenAsync(settings.Bind<SqsQueueOptions>(nameof(SqsQueueOptions.ServiceUrl)), ct);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static Task<IObjectStorage> OpenRedisAsync(StorageSettings settings, CancellationToken ct) =>
        RedisBackend.OpenAsync(settings.Bind<RedisObjectStorageOptions>(nameof(RedisObjectStorageOptions.Configuration)), ct);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static Task<IObjectStorage> OpenS3Async(StorageSettings settings, CancellationToken ct) =>
        S3Backend.OpenAsync(settings.Bind<S3ObjectStorageOptions>(nameof(S3ObjectStorageOptions.ServiceUrl), nameof(S3ObjectStorageOptions.Bucket)), ct);

    private sealed class FileSystemSettings
    {
        public string Folder { get; set; } = "";
    }
}
