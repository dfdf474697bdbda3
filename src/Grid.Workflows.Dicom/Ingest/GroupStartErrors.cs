using System.Net.Sockets;
using Grpc.Core;

namespace Grid.Workflows.Dicom.Ingest;

/// <summary>
/// Whether starting a closed group's workflows may succeed if tried again. Only a grid that cannot be reached or
/// is busy is worth waiting for; anything else (an unreadable file, a refused request, an input the grid cannot
/// take) fails the same way every time, so retrying it would only repeat the work forever.
/// </summary>
internal static class GroupStartErrors
{
    public static bool IsTransient(Exception error) => error switch
    {
        RpcException rpc => rpc.StatusCode is StatusCode.Unavailable or StatusCode.DeadlineExceeded or StatusCode.Aborted
            or StatusCode.ResourceExhausted or StatusCode.Cancelled,
        HttpRequestException or SocketException or TimeoutException => true,
        AggregateException aggregate => aggregate.InnerExceptions.All(IsTransient),
        _ => error.InnerException is { } inner && IsTransient(inner),
    };
}
