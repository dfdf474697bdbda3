using Grid.ControlPlane.Hosting;
using Grid.Core;

// The control plane alone (for a multi-process grid). The one-process grid is `grid run`.
var builder = WebApplication.CreateBuilder(args);
builder.Services.AddGridEmbeddedStorage(builder.Configuration["Grid:Storage:ObjectFolder"]);
builder.Services.AddGridControlPlane(builder.Configuration);
var app = builder.Build();
app.MapGridControlPlane();
app.Run();
