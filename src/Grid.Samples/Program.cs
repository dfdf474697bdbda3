using Grid.Core.Api;
using Grid.Samples;
using Grid.Worker;

// The sample worker alone, beside its agent (Grid:Worker:AgentAddress), in a multi-process grid.
var builder = WebApplication.CreateBuilder(args);
builder.Configuration.AddGridDefaults("http://127.0.0.1:5300", new Dictionary<string, string?> { ["Grid:Worker:AgentAddress"] = "http://127.0.0.1:5200" });
builder.Services.AddGridWorker<SampleTaskHandler>(builder.Configuration);
var app = builder.Build();
app.MapGridWorker();
app.Run();
