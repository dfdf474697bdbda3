using System.Collections.Concurrent;
using System.Text.Json;

namespace Grid.Workflows.Engine.Storage;

/// <summary>
/// Documents by id, kept as JSON text: in memory only, or also one file per document in a folder (written to a
/// temporary file and renamed, so a crash leaves the old or the new document, never half of one). Readers get
/// their own copy, so the engine can change an instance while the status API reads it.
/// </summary>
internal sealed class JsonDocumentCollection<T> where T : class
{
    private readonly ConcurrentDictionary<string, string> _documents = new();
    private readonly string? _folder;
    private readonly JsonSerializerOptions _json;

    public JsonDocumentCollection(string? folder, JsonSerializerOptions json)
    {
        _folder = folder;
        _json = json;
        if (folder is null) return;
        Directory.CreateDirectory(folder);
        foreach (var file in Directory.EnumerateFiles(folder, "*.json"))
            _documents[Path.GetFileNameWithoutExtension(file)] = File.ReadAllText(file);
    }

    public T? Get(string id) => _documents.TryGetValue(id, out var text) ? Deserialize(text) : null;

    public IReadOnlyList<T> All() => _documents.Values.Select(Deserialize).ToList();

    public async Task SaveAsync(string id, T document, CancellationToken cancellationToken)
    {
        if (id.Contains('/') || id.Contains('\\') || id.Contains("..")) throw new ArgumentException($"'{id}' is not a document id", nameof(id));
        var text = JsonSerializer.Serialize(document, _json);
        if (_folder is not null)
        {
            var path = Path.Combine(_folder, id + ".json");
            var temporary = path + ".tmp";
            await File.WriteAllTextAsync(temporary, text, cancellationToken).ConfigureAwait(false);
            File.Move(temporary, path, overwrite: true);
        }
        _documents[id] = text;
    }

    private T Deserialize(string text) =>
        JsonSerializer.Deserialize<T>(text, _json) ?? throw new InvalidDataException($"a stored {typeof(T).Name} is empty");
}
