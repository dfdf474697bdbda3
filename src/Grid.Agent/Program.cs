using Grid.Agent;
using Grid.Backends;
using Grid.Core;
using Grid.Core.Api;

// The polling agent beside one worker, in a multi-process grid. The one-process grid is `grid run`.
var builder = WebApplication.CreateBuilder(args);
builder.Configuration.AddGridDefaults("http://127.0.0.1:5200", new Dictionary<string, string?> { ["Grid:Agent:WorkerAddress"] = "http://127.0.0.1:5300" });
Grid.Core.Storage.GridStorage storage;
try
{
    storage = await GridStorageFactory.OpenAsync(builder.Configuration, CancellationToken.None);
}
catch (StorageConfigurationException e)
{
    Console.Error.WriteLine($"grid agent: {e.Message}");
    return 2;
}
builder.Services.AddGridStorage(storage);
builder.Services.AddGridAgent(builder.Configuration);
var app = builder.Build();
app.MapGridAgent();
await app.RunAsync();
return 0;
