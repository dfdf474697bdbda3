using Grid.Workflows.Dicom.Hosting;
using Grid.Workflows.Engine.Hosting;
using Grpc.Health.V1;
using Grpc.HealthCheck;
using Microsoft.Extensions.Configuration.Memory;

// The workflow manager alone: its gRPC and HTTP/JSON API on Urls (h2c by default), the grid at Grid:Workflows:GridAddress,
// the registry and instances in Grid:Workflows:DataFolder, DICOM ingest ports and export destinations from Grid:Workflows:Dicom.
var builder = WebApplication.CreateBuilder(args);
builder.Configuration.Sources.Insert(0, new MemoryConfigurationSource
{
    InitialData = new Dictionary<string, string?>
    {
        ["Urls"] = "http://127.0.0.1:5400",
        ["Kestrel:EndpointDefaults:Protocols"] = "Http2",
        ["Grid:Workflows:DataFolder"] = "./.grid-workflows",
        ["Logging:LogLevel:Microsoft.AspNetCore"] = "Warning",
    },
});
builder.Services.AddGridWorkflows(builder.Configuration);
builder.Services.AddGridWorkflowsDicom(builder.Configuration);
builder.Services.AddSingleton<HealthServiceImpl>();
var app = builder.Build();
app.MapGridWorkflows();
app.MapGridWorkflowsDicom();
// The standard gRPC health service, for Kubernetes' probes.
app.MapGrpcService<HealthServiceImpl>();
app.Services.GetRequiredService<HealthServiceImpl>().SetStatus("", HealthCheckResponse.Types.ServingStatus.Serving);
app.Run();
