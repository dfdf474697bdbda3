using System.CommandLine;
using Grid.Cli;

// The embedded grid reads no appsettings.json from here: do not let its host watch the current
// folder (recursively) for configuration changes.
if (Environment.GetEnvironmentVariable("DOTNET_hostBuilder__reloadConfigOnChange") is null)
    Environment.SetEnvironmentVariable("DOTNET_hostBuilder__reloadConfigOnChange", "false");

var configuration = new InvocationConfiguration
{
    // Ctrl+C / SIGTERM cancel the command's token; give a draining grid time to stop cleanly.
    ProcessTerminationTimeout = TimeSpan.FromSeconds(30),
};
return await GridCommandLine.Build().Parse(args).InvokeAsync(configuration);
