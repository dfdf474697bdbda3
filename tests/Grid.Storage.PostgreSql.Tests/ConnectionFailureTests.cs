using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace Grid.Storage.PostgreSql.Tests;

/// <summary>Opening the backend against a server that is not there, or that refuses us, says so plainly.</summary>
public sealed class ConnectionFailureTests
{
    [Fact]
    public async Task An_unreachable_server_is_named_with_what_failed()
    {
        var port = FreePort();
        var options = new PostgreSqlOptions { ConnectionString = $"Host=127.0.0.1;Port={port};Username=grid;Password=x;Database=grid;Timeout=3" };
        var error = await Assert.ThrowsAsync<PostgreSqlConnectionException>(() => PostgreSqlBackend.OpenTablesAsync(options, null, CancellationToken.None));
        Assert.Contains($"127.0.0.1:{port}", error.Message);
        Assert.Contains("cannot connect", error.Message);
        Assert.Contains("refused", error.Message, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("Password", error.Message);
    }

    [Fact]
    public async Task Bad_credentials_are_named_with_what_failed()
    {
        var server = new NpgsqlConnectionStringBuilder(TestServer.ConnectionString);
        if (string.IsNullOrEmpty(server.Password)) return; // a server that trusts every user cannot refuse a password
        server.Password = "not-the-password";
        var error = await Assert.ThrowsAsync<PostgreSqlConnectionException>(
            () => PostgreSqlBackend.OpenQueueAsync(new PostgreSqlOptions { ConnectionString = server.ConnectionString }, null, CancellationToken.None));
        Assert.Contains($"{server.Host}:{server.Port}", error.Message);
        Assert.Contains("password authentication failed", error.Message);
        Assert.DoesNotContain("not-the-password", error.Message);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
