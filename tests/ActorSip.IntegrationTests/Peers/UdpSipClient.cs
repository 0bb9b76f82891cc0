using System.Net;
using System.Net.Sockets;
using System.Text;

namespace ActorSip.IntegrationTests.Peers;

/// <summary>A bare UDP socket on 127.0.0.1 for sending hand-written SIP and reading the answers — no SIP stack involved.</summary>
public sealed class UdpSipClient : IDisposable
{
    private readonly Socket _socket = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);

    public UdpSipClient() => _socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));

    public int LocalPort => ((IPEndPoint)_socket.LocalEndPoint!).Port;

    /// <summary>Sends <paramref name="message"/> with its line ends normalised to CRLF.</summary>
    public async Task SendAsync(string message, int port)
    {
        var text = message.Replace("\r\n", "\n", StringComparison.Ordinal).Replace("\n", "\r\n", StringComparison.Ordinal);
        await _socket.SendToAsync(Encoding.UTF8.GetBytes(text), SocketFlags.None, new IPEndPoint(IPAddress.Loopback, port));
    }

    /// <summary>Next datagram, or a <see cref="TimeoutException"/> after <paramref name="timeout"/>.</summary>
    public async Task<SippMessage> ReceiveAsync(TimeSpan timeout)
    {
        var buffer = new byte[65535];
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            var n = await _socket.ReceiveAsync(buffer, SocketFlags.None, cts.Token);
            return new SippMessage(Received: true, DateTime.Now, Encoding.UTF8.GetString(buffer, 0, n));
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"no SIP message on 127.0.0.1:{LocalPort} within {timeout}");
        }
    }

    public void Dispose() => _socket.Dispose();
}
