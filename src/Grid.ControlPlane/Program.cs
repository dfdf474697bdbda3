using Grid.Backends;
using Grid.ControlPlane.Hosting;
using Grid.Core;
using Grid.Core.Api;

// The control plane alone, one replica of a multi-process grid. The one-process grid is `grid run`.
var builder = WebApplication.CreateBuilder(args);
builder.Configuration.AddGridDefaults("http://127.0.0.1:5100");
Grid.Core.Storage.GridStorage storage;
try
{
    storage = await GridStorageFactory.OpenAsync(builder.Configuration, CancellationToken.None);
}
catch (StorageConfigurationException e)
{
    Console.Error.WriteLine($"grid control plane: {e.Message}");
    return 2;
}
builder.Services.AddGridStorage(storage);
builder.Services.AddGridControlPlane(builder.Configuration);
var app = builder.Build();
app.MapGridControlPlane();
await app.RunAsync();
return 0;
