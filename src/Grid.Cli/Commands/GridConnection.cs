using Grid.Client;

namespace Grid.Cli.Commands;

/// <summary>Creates the client of a command that talks to a running grid.</summary>
public static class GridConnection
{
    public static GridClient Open(string? endpoint, TimeSpan? deadline = null) =>
        new(new GridClientOptions
        {
            Address = endpoint ?? CommonOptions.DefaultEndpoint,
            DefaultDeadline = deadline ?? TimeSpan.FromMinutes(5),
        });
}
