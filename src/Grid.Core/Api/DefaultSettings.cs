using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.Memory;

namespace Grid.Core.Api;

public static class DefaultSettings
{
    /// <summary>
    /// Adds <paramref name="defaults"/> beneath every other configuration source, so that files, environment
    /// variables (<c>Grid__...</c>) and arguments override them. Servers speak HTTP/2 without TLS (h2c) on loopback by default.
    /// </summary>
    public static IConfigurationBuilder AddGridDefaults(this IConfigurationBuilder configuration, string url, IDictionary<string, string?>? defaults = null)
    {
        var data = new Dictionary<string, string?>
        {
            ["Urls"] = url,
            ["Kestrel:EndpointDefaults:Protocols"] = "Http2",
            ["Logging:LogLevel:Default"] = "Information",
            ["Logging:LogLevel:Microsoft.AspNetCore"] = "Warning",
        };
        foreach (var (key, value) in defaults ?? new Dictionary<string, string?>()) data[key] = value;
        configuration.Sources.Insert(0, new MemoryConfigurationSource { InitialData = data });
        return configuration;
    }
}
