using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Grid.Hosting;

/// <summary>
/// Something served by the one-process grid besides the grid itself (the workflow manager, for one). Services are
/// added before the sample worker's, so an extension may register its own <c>ITaskHandler</c> for the embedded worker.
/// </summary>
public interface IEmbeddedGridExtension
{
    void ConfigureServices(IServiceCollection services, IConfiguration configuration, EmbeddedGridEnvironment environment);

    void Map(WebApplication app);
}

/// <summary>Where the embedded grid listens and keeps its state (null: in memory).</summary>
public sealed record EmbeddedGridEnvironment(string Address, string? DataFolder);
