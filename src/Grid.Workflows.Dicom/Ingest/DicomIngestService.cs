using System.Collections.Concurrent;
using System.Net;
using Grid.Dicom.Network;
using Grid.Workflows.Engine;
using Grid.Workflows.Engine.Execution;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Grid.Workflows.Dicom.Ingest;

/// <summary>
/// The DICOM ingest of the workflow manager: one C-STORE provider per configured port, serving the AE titles of
/// <c>Grid:Workflows:Dicom:AeTitles</c> (any other called AE title is rejected, calling AE titles optionally
/// allow-listed). Received instances are grouped per study (or series); when a group has seen nothing for its AE
/// title's timeout it closes and the workflows matching its AE title and sender start with its files and tags.
/// Groups are kept on disk until their workflows started, so a restart resumes them.
/// </summary>
public sealed class DicomIngestService : IHostedService
{
    private readonly DicomWorkflowOptions _options;
    private readonly WorkflowEngine _engine;
    private readonly IHostApplicationLifetime _lifetime;
    private readonly ILogger<DicomIngestService> _logger;
    private readonly IngestGroups _groups;
    private readonly IngestStore _store;
    private readonly Dictionary<string, IngestAeTitleOptions> _aeTitles;
    private readonly IngestReceiver _receiver;
    private readonly List<DicomServer> _servers = [];
    private readonly Dictionary<string, DicomServer> _serverOf = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<Task, byte> _closing = new();
    private readonly CancellationTokenSource _stopping = new();
    private Task? _closeLoop;
    private long _groupsClosed, _groupsFailed, _workflowsStarted;

    public DicomIngestService(IOptions<DicomWorkflowOptions> options, IOptions<WorkflowEngineOptions> engineOptions, WorkflowEngine engine,
        IHostApplicationLifetime lifetime, TimeProvider clock, ILogger<DicomIngestService> logger)
    {
        _options = options.Value;
        _engine = engine;
        _lifetime = lifetime;
        _logger = logger;
        _aeTitles = DicomWorkflowOptionsCheck.AeTitles(_options);
        Folder = DicomWorkflowFolders.Ingest(_options, engineOptions.Value);
        _groups = new IngestGroups(clock);
        _store = new IngestStore(Folder, _options.FlushToDisk);
        _receiver = new IngestReceiver(_store, _groups, _aeTitles, logger);
    }

    public string Folder { get; }

    /// <summary>The port an AE title listens on (the bound one when configured as 0).</summary>
    public int PortOf(string aeTitle) => _serverOf.TryGetValue(aeTitle, out var server)
        ? server.Port
        : throw new ArgumentException($"'{aeTitle}' is not an ingest AE title (Grid:Workflows:Dicom:AeTitles)", nameof(aeTitle));

    public long InstancesStored => _receiver.Stored;
    public long GroupsClosed => Interlocked.Read(ref _groupsClosed);
    public long WorkflowsStarted => Interlocked.Read(ref _workflowsStarted);

    /// <summary>Groups whose workflows could not be started for a reason that retrying cannot fix; kept in <see cref="IngestStore.FailedFolder"/>.</summary>
    public long GroupsFailed => Interlocked.Read(ref _groupsFailed);
    public int OpenGroups => _groups.Count;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var (groupId, key, instances) in _store.Recover())
        {
            var timeout = _aeTitles.TryGetValue(key.CalledAeTitle, out var ae) ? ae.Timeout : TimeSpan.Zero;
            _groups.Restore(groupId, key, instances, timeout);
            _logger.LogInformation("Resumed DICOM group {GroupId} ({Instances} instances of study {Study} sent by {Calling} to {Called})",
                groupId, instances, key.StudyInstanceUid, key.CallingAeTitle, key.CalledAeTitle);
        }
        if (_aeTitles.Count == 0 && _groups.Count == 0) return Task.CompletedTask;

        var address = IPAddress.Parse(_options.ListenAddress);
        // Beside the groups (one file system: a kept instance is renamed); what a previous run left half received goes.
        var spool = Directory.CreateDirectory(Path.Combine(Folder, "spool")).FullName;
        foreach (var leftOver in Directory.EnumerateFiles(spool)) File.Delete(leftOver);
        foreach (var port in _aeTitles.Values.GroupBy(a => a.Port))
        {
            var server = new DicomServer(new DicomServerOptions
            {
                Address = address,
                Port = port.Key,
                AeTitles = port.Select(a => a.AeTitle).ToHashSet(StringComparer.Ordinal),
                IsCallingAeTitleAllowed = IsCallingAeTitleAllowed,
                AcceptanceByAeTitle = port.ToDictionary(a => a.AeTitle, AcceptanceOf, StringComparer.Ordinal),
                MaxPduLength = _options.MaxPduLength,
                MaxAssociations = _options.MaxAssociations,
                MaxUnassociatedConnections = _options.MaxUnassociatedConnections,
                ArtimTimeout = _options.ArtimTimeout,
                IdleTimeout = _options.IdleTimeout,
                SpoolDirectory = spool,
            }, _receiver, _logger);
            server.Start();
            _servers.Add(server);
            foreach (var aeTitle in port) _serverOf[aeTitle.AeTitle] = server;
            _logger.LogInformation("DICOM ingest listening on {Address}:{Port} for {AeTitles}", address, server.Port, string.Join(", ", port.Select(a => a.AeTitle)));
        }
        _closeLoop = Task.Run(() => CloseLoopAsync(_stopping.Token), CancellationToken.None);
        return Task.CompletedTask;
    }

    private static DicomAcceptance AcceptanceOf(IngestAeTitleOptions aeTitle)
    {
        var defaults = new DicomServerOptions();
        return new DicomAcceptance(
            aeTitle.SopClasses.Count > 0 ? aeTitle.SopClasses.ToHashSet(StringComparer.Ordinal) : defaults.StorageSopClasses,
            aeTitle.TransferSyntaxes.Count > 0 ? aeTitle.TransferSyntaxes : defaults.TransferSyntaxes);
    }

    private bool IsCallingAeTitleAllowed(string called, string calling) =>
        _aeTitles.TryGetValue(called, out var ae) && (ae.AllowedCallingAeTitles.Count == 0 || ae.AllowedCallingAeTitles.Contains(calling, StringComparer.Ordinal));

    /// <summary>Closes expired groups; only once the host has started, because triggering needs the grid listening.</summary>
    private async Task CloseLoopAsync(CancellationToken cancellationToken)
    {
        var started = new TaskCompletionSource();
        using (_lifetime.ApplicationStarted.Register(() => started.TrySetResult()))
        using (cancellationToken.Register(() => started.TrySetCanceled(cancellationToken)))
        {
            try
            {
                await started.Task.ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
        var shortest = _aeTitles.Values.Select(a => a.Timeout).DefaultIfEmpty(TimeSpan.FromSeconds(1)).Min();
        var period = TimeSpan.FromTicks(Math.Clamp(shortest.Ticks / 4, TimeSpan.FromMilliseconds(20).Ticks, TimeSpan.FromSeconds(1).Ticks));
        using var timer = new PeriodicTimer(period);
        try
        {
            do
            {
                foreach (var group in _groups.TakeExpired())
                {
                    var closing = Task.Run(() => CloseAsync(group, cancellationToken), CancellationToken.None);
                    _closing.TryAdd(closing, 0);
                    _ = closing.ContinueWith(t => _closing.TryRemove(t, out _), TaskScheduler.Default);
                }
            } while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false));
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>
    /// Starts the group's workflows, then forgets the group. A grid that cannot be reached is waited for (the group's
    /// timeout, doubling up to <see cref="MaxRetryDelay"/>); any other failure sets the group aside in the failed
    /// folder at once, where it stays for an operator (moved back into <c>groups</c>, it is tried at the next start).
    /// </summary>
    private async Task CloseAsync(IngestGroups.OpenGroup group, CancellationToken cancellationToken)
    {
        var delay = group.Timeout > TimeSpan.Zero ? group.Timeout : TimeSpan.FromSeconds(1);
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                var instances = _store.ReadInstances(group.GroupId);
                if (instances.Count > 0)
                {
                    var payload = StudyPayloadBuilder.Build(group.Key, instances);
                    var started = await _engine.TriggerAsync(payload, cancellationToken).ConfigureAwait(false);
                    Interlocked.Add(ref _workflowsStarted, started.Count);
                    _logger.LogInformation("DICOM group {GroupId} closed: {Instances} instances of study {Study} from {Calling} to {Called} started {Count} workflow instances {InstanceIds}",
                        group.GroupId, instances.Count, group.Key.StudyInstanceUid, group.Key.CallingAeTitle, group.Key.CalledAeTitle,
                        started.Count, string.Join(", ", started.Select(i => i.InstanceId)));
                }
                _store.DeleteGroup(group.GroupId);
                Interlocked.Increment(ref _groupsClosed);
                return;
            }
            catch (WorkflowRequestException e)
            {
                SetAside(group, e.Describe());
                return;
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested && !GroupStartErrors.IsTransient(e))
            {
                SetAside(group, e.Message);
                return;
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested)
            {
                IngestLog.GroupStartRetried(_logger, group.GroupId, delay, e.Message);
                try
                {
                    await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, MaxRetryDelay.Ticks));
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>The longest wait between two tries to start a group's workflows while the grid cannot be reached.</summary>
    public static readonly TimeSpan MaxRetryDelay = TimeSpan.FromMinutes(5);

    private void SetAside(IngestGroups.OpenGroup group, string reason)
    {
        Interlocked.Increment(ref _groupsFailed);
        try
        {
            var folder = _store.SetAside(group.GroupId);
            IngestLog.GroupSetAside(_logger, group.GroupId, group.Key.StudyInstanceUid, group.Key.CallingAeTitle, group.Key.CalledAeTitle, folder, reason);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            IngestLog.GroupNotSetAside(_logger, group.GroupId, reason, e.Message);
        }
    }

    /// <summary>Stops the ports (open associations are aborted, so nothing more is acknowledged) and the closing of groups.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_stopping.IsCancellationRequested) return;
        await _stopping.CancelAsync().ConfigureAwait(false);
        foreach (var server in _servers) await server.DisposeAsync().ConfigureAwait(false);
        if (_closeLoop is not null) await _closeLoop.ConfigureAwait(false);
        await Task.WhenAll(_closing.Keys).ConfigureAwait(false);
    }
}
