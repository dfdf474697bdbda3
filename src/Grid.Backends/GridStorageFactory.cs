using System.Runtime.CompilerServices;
using Grid.Core.Storage;
using Grid.Core.Storage.FileSystem;
using Grid.Core.Storage.InMemory;
using Grid.Core.Storage.Journal;
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
        // Read every kind and setting first: a misspelt one is reported before anything connects.
        _ = (tablesSettings.Kind, queueSettings.Kind, objectSettings.Kind);
        var durability = Durability(root);
        var smallObjectSize = SmallObjectSize(root);

        var tables = await tablesSettings.OpenAsync(() => OpenTablesAsync(tablesSettings, durability, cancellationToken)).ConfigureAwait(false);
        var queue = await queueSettings.OpenAsync(() => OpenQueueAsync(queueSettings, cancellationToken)).ConfigureAwait(false);
        var objects = await objectSettings.OpenAsync(() => OpenObjectsAsync(objectSettings, durability, cancellationToken)).ConfigureAwait(false);
        // Small data beside the rows when the table store can keep it (in memory, objects are as cheap already).
        if (tables.SmallObjects is { } small && smallObjectSize > 0 && objectSettings.Kind != "InMemory")
            objects = new TieredObjectStorage(small, objects, smallObjectSize);
        return new GridStorage(tables.Sessions, tables.Tasks, tables.Results, queue, objects, tables.Events);
    }

    /// <summary><c>Grid:Storage:Durability</c>: what the embedded stores promise once they answer (ProcessCrash by default).</summary>
    private static StorageDurability Durability(IConfigurationSection root)
    {
        var value = root["Durability"];
        if (string.IsNullOrWhiteSpace(value)) return StorageDurability.ProcessCrash;
        return Enum.TryParse<StorageDurability>(value, ignoreCase: true, out var durability) && Enum.IsDefined(durability) && !char.IsDigit(value.Trim()[0])
            ? durability
            : throw new StorageConfigurationException($"{root.Path}:Durability: '{value}' is not one of {string.Join(", ", Enum.GetNames<StorageDurability>())}");
    }

    /// <summary><c>Grid:Storage:SmallObjectSize</c>: result data up to this many bytes is kept by the table store where it can (0 turns this off).</summary>
    private static int SmallObjectSize(IConfigurationSection root)
    {
        const int defaultSize = 64 * 1024, maxSize = 1024 * 1024;
        var value = root["SmallObjectSize"];
        if (string.IsNullOrWhiteSpace(value)) return defaultSize;
        return int.TryParse(value, out var size) && size is >= 0 and <= maxSize
            ? size
            : throw new StorageConfigurationException($"{root.Path}:SmallObjectSize: '{value}' is not a number of bytes from 0 to {maxSize}");
    }

    private static Task<GridTables> OpenTablesAsync(StorageSettings settings, StorageDurability durability, CancellationToken cancellationToken) => settings.Kind switch
    {
        "Journal" => Task.FromResult(JournaledTables.Open(settings.Bind<JournalSettings>(nameof(JournalSettings.Folder)).Folder, durability)),
        "Sqlite" => OpenSqliteAsync(settings, durability, cancellationToken),
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

    private static Task<IObjectStorage> OpenObjectsAsync(StorageSettings settings, StorageDurability durability, CancellationToken cancellationToken) => settings.Kind switch
    {
        "FileSystem" => Task.FromResult<IObjectStorage>(new FileSystemObjectStorage(settings.Bind<FileSystemSettings>(nameof(FileSystemSettings.Folder)).Folder, durability)),
        "Redis" => OpenRedisAsync(settings, cancellationToken),
        "S3" => OpenS3Async(settings, cancellationToken),
        _ => Task.FromResult<IObjectStorage>(new InMemoryObjectStorage()),
    };

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static Task<GridTables> OpenSqliteAsync(StorageSettings settings, StorageDurability durability, CancellationToken ct)
    {
        var options = settings.Bind<SqliteOptions>(nameof(SqliteOptions.DataFolder));
        options.Durability = durability;
        return SqliteBackend.OpenAsync(options, ct);
    }

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

    private sealed class JournalSettings
    {
        public string Folder { get; set; } = "";
    }
}
