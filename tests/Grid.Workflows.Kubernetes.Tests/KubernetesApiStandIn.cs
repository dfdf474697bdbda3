using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Grid.Workflows.Kubernetes.Tests;

/// <summary>
/// A stand-in for a Kubernetes API server (none can run on this machine): Kestrel on a free loopback port speaking
/// the REST and watch protocol KubernetesClient uses, for namespaced objects under <c>/apis/{group}/{version}</c>
/// (Argo workflows and workflow templates, batch Jobs): create, get, list, delete, and watch with
/// <c>?watch=true&amp;resourceVersion=N</c> streaming one JSON watch event per line. Every change gets the next
/// resource version and is kept in a history a watch replays from; a watch from a version older than the history
/// gets an ERROR event with a 410 Status, as the real server sends. The test drives the objects' status, can throttle
/// or fail requests, drop open watches and forget the history.
/// </summary>
public sealed class KubernetesApiStandIn : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly Lock _lock = new();
    private readonly Dictionary<(string Plural, string Namespace, string Name), JsonObject> _objects = [];
    private readonly List<Change> _history = [];
    private readonly List<OpenWatch> _watches = [];
    private readonly List<RecordedRequest> _requests = [];
    private readonly List<JsonObject> _created = [];
    private readonly Queue<(HttpStatusCode Status, TimeSpan? RetryAfter, string? Method)> _refusals = new();
    private long _resourceVersion = 1000;
    private long _historyStart;
    private TaskCompletionSource _changed = NewSignal();

    private KubernetesApiStandIn(WebApplication app) => _app = app;

    public string Address { get; private set; } = "";

    public static async Task<KubernetesApiStandIn> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        var standIn = new KubernetesApiStandIn(builder.Build());
        standIn._app.Run(standIn.ServeAsync);
        await standIn._app.StartAsync();
        standIn.Address = standIn._app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return standIn;
    }

    /// <summary>Every request served so far, in order.</summary>
    public IReadOnlyList<RecordedRequest> Requests
    {
        get { lock (_lock) return _requests.ToList(); }
    }

    /// <summary>Every object as it was created (before any status), for checking against the schemas.</summary>
    public IReadOnlyList<JsonObject> Created
    {
        get { lock (_lock) return _created.Select(o => (JsonObject)o.DeepClone()).ToList(); }
    }

    public void Put(string plural, string @namespace, JsonObject item)
    {
        lock (_lock) Store(plural, @namespace, (string)item["metadata"]!["name"]!, item, "ADDED");
    }

    public JsonObject? Get(string plural, string @namespace, string name)
    {
        lock (_lock) return _objects.GetValueOrDefault((plural, @namespace, name))?.DeepClone() as JsonObject;
    }

    /// <summary>Sets an object's status as a controller would; open watches see a MODIFIED event.</summary>
    public long SetStatus(string plural, string @namespace, string name, JsonObject status)
    {
        lock (_lock) return SetStatusLocked(plural, @namespace, name, status);
    }

    /// <summary>
    /// Drops every open watch of the object (after the events already sent on it), then sets its status while nobody watches, and with
    /// <paramref name="forgetHistory"/> forgets every change so far, so that a watch resumed from before it gets 410 Gone.
    /// Done under one lock: no watch can reopen in between.
    /// </summary>
    public long SetStatusWhileDisconnected(string plural, string @namespace, string name, JsonObject status, bool forgetHistory)
    {
        lock (_lock)
        {
            foreach (var watch in _watches.Where(w => w.Plural == plural && w.Name == name).ToList())
            {
                _watches.Remove(watch);
                watch.Dropped = true;
                watch.Events.Writer.TryComplete();
            }
            var version = SetStatusLocked(plural, @namespace, name, status);
            if (forgetHistory)
            {
                _history.Clear();
                _historyStart = _resourceVersion;
            }
            return version;
        }
    }

    /// <summary>The next <paramref name="count"/> requests (of <paramref name="method"/>, or any) are refused with <paramref name="status"/>.</summary>
    public void Refuse(int count, HttpStatusCode status, TimeSpan? retryAfter = null, string? method = null)
    {
        lock (_lock)
            for (var i = 0; i < count; i++) _refusals.Enqueue((status, retryAfter, method));
    }

    /// <summary>Whether a watch of the object is open, and the resource version of the last event it wrote out.</summary>
    public (bool Open, long? Delivered) WatchOf(string plural, string name)
    {
        lock (_lock)
            return _watches.FirstOrDefault(w => w.Plural == plural && w.Name == name) is { } watch ? (true, watch.Delivered) : (false, null);
    }

    /// <summary>Waits (without polling) until <paramref name="condition"/> holds after some request or change.</summary>
    public async Task<T> WaitAsync<T>(Func<KubernetesApiStandIn, T?> condition, string what, TimeSpan? deadline = null)
    {
        using var timeout = new CancellationTokenSource(deadline ?? TimeSpan.FromSeconds(60));
        while (true)
        {
            Task changed;
            lock (_lock) changed = _changed.Task;
            if (condition(this) is { } value && !(value is bool b && !b)) return value;
            try
            {
                await changed.WaitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"the Kubernetes API stand-in has not seen {what} within {deadline ?? TimeSpan.FromSeconds(60)}; requests: "
                    + string.Join(", ", Requests.Select(r => $"{r.Method} {r.Path}?{r.Query} -> {r.Status}")));
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        lock (_lock)
            foreach (var watch in _watches) watch.Events.Writer.TryComplete();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task ServeAsync(HttpContext context)
    {
        var request = context.Request;
        string body;
        using (var reader = new StreamReader(request.Body, Encoding.UTF8)) body = await reader.ReadToEndAsync();
        var recorded = new RecordedRequest(request.Method, request.Path.Value ?? "", request.QueryString.Value?.TrimStart('?') ?? "", body, DateTimeOffset.UtcNow);
        var (status, content, watch, retryAfter) = Handle(context, recorded);
        lock (_lock)
        {
            _requests.Add(recorded with { Status = (int)status });
            Signal();
        }
        if (watch is not null)
        {
            await StreamAsync(context, watch);
            return;
        }
        context.Response.StatusCode = (int)status;
        if (retryAfter is { } wait) context.Response.Headers.RetryAfter = ((int)wait.TotalSeconds).ToString();
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(content!.ToJsonString());
    }

    private (HttpStatusCode, JsonObject?, OpenWatch?, TimeSpan?) Handle(HttpContext context, RecordedRequest request)
    {
        lock (_lock)
        {
            if (_refusals.TryPeek(out var refusal) && (refusal.Method is null || refusal.Method == request.Method))
            {
                _refusals.Dequeue();
                return (refusal.Status, StatusObject(refusal.Status, "the stand-in was told to refuse this request"), null, refusal.RetryAfter);
            }
            // /apis/{group}/{version}/namespaces/{namespace}/{plural}[/{name}]
            var parts = request.Path.Split('/', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length is < 6 or > 7 || parts[0] != "apis" || parts[3] != "namespaces")
                return (HttpStatusCode.NotFound, StatusObject(HttpStatusCode.NotFound, $"the stand-in does not serve {request.Path}"), null, null);
            var (ns, plural, name) = (parts[4], parts[5], parts.Length == 7 ? parts[6] : null);
            var query = context.Request.Query;
            return (request.Method, name) switch
            {
                ("POST", null) => Create(plural, ns, request.Body),
                ("GET", null) when query["watch"] == "true" => OpenWatchLocked(context, plural, ns, NameSelected(query["fieldSelector"]), query["resourceVersion"], query["timeoutSeconds"]),
                ("GET", null) => (HttpStatusCode.OK, List(plural, ns, NameSelected(query["fieldSelector"])), null, null),
                ("GET", _) => _objects.TryGetValue((plural, ns, name), out var item)
                    ? (HttpStatusCode.OK, item, null, null)
                    : (HttpStatusCode.NotFound, StatusObject(HttpStatusCode.NotFound, $"{plural} \"{name}\" not found"), null, null),
                ("DELETE", { } deleted) => Delete(plural, ns, deleted),
                _ => (HttpStatusCode.MethodNotAllowed, StatusObject(HttpStatusCode.MethodNotAllowed, "not served by the stand-in"), null, null),
            };
        }
    }

    private (HttpStatusCode, JsonObject?, OpenWatch?, TimeSpan?) Create(string plural, string ns, string body)
    {
        var item = JsonNode.Parse(body) as JsonObject;
        var name = (string?)item?["metadata"]?["name"];
        if (item is null || string.IsNullOrEmpty(name))
            return (HttpStatusCode.UnprocessableEntity, StatusObject(HttpStatusCode.UnprocessableEntity, "metadata.name: Required value"), null, null);
        if (_objects.ContainsKey((plural, ns, name)))
            return (HttpStatusCode.Conflict, StatusObject(HttpStatusCode.Conflict, $"{plural} \"{name}\" already exists"), null, null);
        _created.Add((JsonObject)item.DeepClone());
        return (HttpStatusCode.Created, Store(plural, ns, name, item, "ADDED"), null, null);
    }

    private (HttpStatusCode, JsonObject?, OpenWatch?, TimeSpan?) Delete(string plural, string ns, string name)
    {
        if (!_objects.Remove((plural, ns, name), out var item))
            return (HttpStatusCode.NotFound, StatusObject(HttpStatusCode.NotFound, $"{plural} \"{name}\" not found"), null, null);
        item["metadata"]!["resourceVersion"] = (++_resourceVersion).ToString();
        Record(plural, ns, name, item, "DELETED");
        return (HttpStatusCode.OK, new JsonObject { ["kind"] = "Status", ["apiVersion"] = "v1", ["status"] = "Success" }, null, null);
    }

    private JsonObject List(string plural, string ns, string? name) => new()
    {
        ["apiVersion"] = "v1",
        ["kind"] = "List",
        ["metadata"] = new JsonObject { ["resourceVersion"] = _resourceVersion.ToString() },
        ["items"] = new JsonArray([.. Matching(plural, ns, name).Select(o => o.DeepClone())]),
    };

    private (HttpStatusCode, JsonObject?, OpenWatch?, TimeSpan?) OpenWatchLocked(HttpContext context, string plural, string ns, string? name, string? from, string? timeoutSeconds)
    {
        var watch = new OpenWatch(context, plural, ns, name, int.TryParse(timeoutSeconds, out var seconds) ? TimeSpan.FromSeconds(seconds) : TimeSpan.FromMinutes(5));
        if (string.IsNullOrEmpty(from) || from == "0")
        {
            foreach (var item in Matching(plural, ns, name)) watch.Events.Writer.TryWrite((Line("ADDED", item), null));
        }
        else if (!long.TryParse(from, out var version) || version < _historyStart)
        {
            watch.Events.Writer.TryWrite((Line("ERROR", StatusObject(HttpStatusCode.Gone, $"too old resource version: {from} ({_historyStart})", "Expired")), null));
            watch.Events.Writer.TryComplete();
            return (HttpStatusCode.OK, null, watch, null);
        }
        else
        {
            foreach (var change in _history.Where(c => c.Version > version && watch.Sees(c)))
            {
                watch.Events.Writer.TryWrite((Line(change.Type, change.Item), change.Version));
            }
        }
        _watches.Add(watch);
        return (HttpStatusCode.OK, null, watch, null);
    }

    private async Task StreamAsync(HttpContext context, OpenWatch watch)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
        timeout.CancelAfter(watch.Timeout);
        context.Response.StatusCode = 200;
        context.Response.ContentType = "application/json";
        try
        {
            await context.Response.StartAsync(timeout.Token);
            await foreach (var (line, version) in watch.Events.Reader.ReadAllAsync(timeout.Token))
            {
                await context.Response.WriteAsync(line, timeout.Token);
                await context.Response.Body.FlushAsync(timeout.Token);
                if (version is null) continue;
                lock (_lock)
                {
                    watch.Delivered = version;
                    Signal();
                }
            }
            if (watch.Dropped) await DropConnectionAsync(context);
        }
        catch (Exception e) when (e is OperationCanceledException or IOException)
        {
        }
        finally
        {
            lock (_lock)
            {
                _watches.Remove(watch);
                Signal();
            }
        }
    }

    /// <summary>
    /// Ends the connection in the middle of the chunked stream, as a broken network would: the events already written
    /// reach the client (a FIN after them, not a reset that could discard them), then the stream breaks off.
    /// </summary>
    private static async Task DropConnectionAsync(HttpContext context)
    {
        var socket = context.Features.Get<IConnectionSocketFeature>()?.Socket
            ?? throw new InvalidOperationException("the stand-in needs Kestrel's socket transport to drop a watch");
        socket.Shutdown(SocketShutdown.Send);
        // Until the client, having read everything, closes its side.
        using var closed = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
        closed.CancelAfter(TimeSpan.FromSeconds(30));
        try
        {
            await Task.Delay(Timeout.Infinite, closed.Token);
        }
        catch (OperationCanceledException)
        {
        }
        context.Abort();
    }

    private long SetStatusLocked(string plural, string ns, string name, JsonObject status)
    {
        var item = _objects.GetValueOrDefault((plural, ns, name)) ?? throw new InvalidOperationException($"the stand-in holds no {plural} '{name}' in '{ns}'");
        item["status"] = status.DeepClone();
        return Store(plural, ns, name, item, "MODIFIED")["metadata"]!["resourceVersion"]!.GetValue<string>() is var v ? long.Parse(v) : 0;
    }

    private JsonObject Store(string plural, string ns, string name, JsonObject item, string type)
    {
        var metadata = item["metadata"] as JsonObject ?? [];
        item["metadata"] = metadata;
        metadata["namespace"] = ns;
        metadata["uid"] ??= Guid.NewGuid().ToString();
        metadata["creationTimestamp"] ??= DateTimeOffset.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ");
        metadata["resourceVersion"] = (++_resourceVersion).ToString();
        _objects[(plural, ns, name)] = item;
        Record(plural, ns, name, item, type);
        return item;
    }

    private void Record(string plural, string ns, string name, JsonObject item, string type)
    {
        var change = new Change(_resourceVersion, type, plural, ns, name, (JsonObject)item.DeepClone());
        _history.Add(change);
        foreach (var watch in _watches.Where(w => w.Sees(change)))
        {
            watch.Events.Writer.TryWrite((Line(type, change.Item), change.Version));
        }
        Signal();
    }

    private IEnumerable<JsonObject> Matching(string plural, string ns, string? name) =>
        _objects.Where(o => o.Key.Plural == plural && o.Key.Namespace == ns && (name is null || o.Key.Name == name)).Select(o => o.Value);

    private void Signal()
    {
        _changed.TrySetResult();
        _changed = NewSignal();
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private static string? NameSelected(string? fieldSelector) =>
        fieldSelector is { } selector && selector.StartsWith("metadata.name=", StringComparison.Ordinal) ? selector["metadata.name=".Length..] : null;

    private static string Line(string type, JsonObject item) => new JsonObject { ["type"] = type, ["object"] = item.DeepClone() }.ToJsonString() + "\n";

    private static JsonObject StatusObject(HttpStatusCode code, string message, string? reason = null) => new()
    {
        ["kind"] = "Status",
        ["apiVersion"] = "v1",
        ["metadata"] = new JsonObject(),
        ["status"] = "Failure",
        ["message"] = message,
        ["reason"] = reason ?? code.ToString(),
        ["code"] = (int)code,
    };

    private sealed record Change(long Version, string Type, string Plural, string Namespace, string Name, JsonObject Item);

    private sealed class OpenWatch(HttpContext context, string plural, string ns, string? name, TimeSpan timeout)
    {
        public HttpContext Context { get; } = context;
        public string Plural { get; } = plural;
        public string? Name { get; } = name;
        public TimeSpan Timeout { get; } = timeout;
        public Channel<(string Line, long? Version)> Events { get; } = Channel.CreateUnbounded<(string Line, long? Version)>();
        public long? Delivered { get; set; }
        public bool Dropped { get; set; }

        public bool Sees(Change change) => change.Plural == Plural && change.Namespace == ns && (Name is null || change.Name == Name);
    }
}

/// <summary>One request the stand-in served: what was asked and what it answered.</summary>
public sealed record RecordedRequest(string Method, string Path, string Query, string Body, DateTimeOffset At, int Status = 0)
{
    public string? QueryValue(string name) =>
        Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(Query).TryGetValue(name, out var value) ? value.ToString() : null;

    public bool IsWatch => QueryValue("watch") == "true";
}
