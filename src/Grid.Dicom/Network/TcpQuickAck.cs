using System.Net.Sockets;

namespace Grid.Dicom.Network;

/// <summary>
/// Asks Linux to acknowledge received data at once rather than delay the ACK (up to 40 ms) hoping to carry it on a
/// reply. A peer that keeps Nagle's algorithm on (dcmtk's storescu and storescp do) holds back the small last
/// fragment of each message until its previous segment is acknowledged; the reply only comes after that fragment,
/// so delayed ACKs cost every C-STORE about 40 ms. The kernel leaves quick-ack mode by itself when it sends data
/// (our responses), so callers ask again before each PDU.
/// </summary>
internal static class TcpQuickAck
{
    private const int IpProtocolTcp = 6;
    private const int TcpQuickAckOption = 12;
    private static readonly byte[] On = BitConverter.GetBytes(1);

    public static void Request(Socket? socket)
    {
        if (socket is null || !OperatingSystem.IsLinux()) return;
        try
        {
            socket.SetRawSocketOption(IpProtocolTcp, TcpQuickAckOption, On);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            // The connection is closing; the read that follows reports it.
        }
    }
}
