using Grid.Agent;
using Grid.Backends;
using Grid.Core;
using Grid.Core.Api;
using Grpc.Health.V1;
using Grpc.HealthCheck;

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
builder.Services.AddSingleton<HealthServiceImpl>();
var app = builder.Build();
app.MapGridAgent();
// The standard gRPC health service, for Kubernetes' probes. It stays serving while the agent drains: no Service routes
// to an agent, and a failed liveness probe during the drain would cut the drain short.
app.MapGrpcService<HealthServiceImpl>();
app.Services.GetRequiredService<HealthServiceImpl>().SetStatus("", HealthCheckResponse.Types.ServingStatus.Serving);
await app.RunAsync();
return 0;
