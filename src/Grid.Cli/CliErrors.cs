using System.CommandLine;
using Grpc.Core;

namespace Grid.Cli;

/// <summary>Turns failures of a command into one line on stderr and an exit code, not a stack trace.</summary>
public static class CliErrors
{
    public const int Failed = 1;
    public const int Unreachable = 3;
    public const int Interrupted = 130;

    public static Func<ParseResult, CancellationToken, Task<int>> Guard(Func<ParseResult, CancellationToken, Task<int>> action) =>
        async (parseResult, ct) =>
        {
            try
            {
                return await action(parseResult, ct);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return Report("interrupted", Interrupted);
            }
            catch (RpcException e) when (e.StatusCode == StatusCode.Cancelled && ct.IsCancellationRequested)
            {
                return Report("interrupted", Interrupted);
            }
            catch (RpcException e) when (e.StatusCode == StatusCode.Unavailable)
            {
                return Report($"cannot reach the grid at {EndpointOf(parseResult)}: {Inner(e)}", Unreachable);
            }
            catch (RpcException e)
            {
                return Report($"{e.StatusCode}: {e.Status.Detail}", Failed);
            }
            catch (Exception e) when (Environment.GetEnvironmentVariable("GRID_DEBUG") != "1")
            {
                return Report(Inner(e), Failed);
            }
        };

    private static int Report(string message, int exitCode)
    {
        Console.Error.WriteLine($"grid: {message}");
        return exitCode;
    }

    private static string EndpointOf(ParseResult parseResult)
    {
        try
        {
            return parseResult.GetValue<string?>("--endpoint") ?? "the embedded grid";
        }
        catch (Exception)
        {
            return "the endpoint";
        }
    }

    /// <summary>The innermost message, on one line (a socket error says more than "Error starting gRPC call").</summary>
    private static string Inner(Exception e)
    {
        var innermost = e;
        while (innermost.InnerException is not null)
            innermost = innermost.InnerException;
        var message = innermost is RpcException rpc ? rpc.Status.Detail : innermost.Message;
        return message.ReplaceLineEndings(" ");
    }
}
