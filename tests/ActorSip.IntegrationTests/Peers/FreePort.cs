using System.Net;
using System.Net.Sockets;

namespace ActorSip.IntegrationTests.Peers;

/// <summary>Finds a port on 127.0.0.1 that is free for both UDP and TCP right now.</summary>
/// <remarks>
/// The port is released before the peer binds it, so another process may take it in between;
/// callers retry with a new port when the peer fails to bind.
/// </remarks>
public static class FreePort
{
    public static int Pick()
    {
        for (var attempt = 0; attempt < 50; attempt++)
        {
            using var tcp = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            tcp.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            var port = ((IPEndPoint)tcp.LocalEndPoint!).Port;
            // SIP peers listen on UDP and TCP with one port number, so both must be free.
            using var udp = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            try
            {
                udp.Bind(new IPEndPoint(IPAddress.Loopback, port));
                return port;
            }
            catch (SocketException)
            {
                // UDP side taken; try another.
            }
        }
        throw new InvalidOperationException("no port free for both UDP and TCP on 127.0.0.1 after 50 tries");
    }

    /// <summary>True when some process has a socket bound to 127.0.0.1:port (or any address) — read from /proc, so it does not disturb the peer.</summary>
    public static bool IsBound(int port, bool tcp)
    {
        var hexPort = port.ToString("X4");
        foreach (var line in File.ReadLines(tcp ? "/proc/net/tcp" : "/proc/net/udp").Skip(1))
        {
            var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length < 4) continue;
            var local = fields[1]; // "0100007F:13C4"
            var colon = local.IndexOf(':');
            if (colon < 0 || !local.AsSpan(colon + 1).Equals(hexPort, StringComparison.OrdinalIgnoreCase)) continue;
            var addr = local[..colon];
            if (addr is not ("0100007F" or "00000000")) continue;
            // For TCP only a listening socket (state 0A) counts.
            if (!tcp || fields[3] == "0A") return true;
        }
        return false;
    }
}
