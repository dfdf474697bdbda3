using Grid.Agent;
using Grid.Core;

// The agent alone, beside one worker (for a multi-process grid). The one-process grid is `grid run`.
var builder = WebApplication.CreateBuilder(args);
builder.Services.AddGridEmbeddedStorage(builder.Configuration["Grid:Storage:ObjectFolder"]);
builder.Services.AddGridAgent(builder.Configuration);
var app = builder.Build();
app.MapGridAgent();
app.Run();
