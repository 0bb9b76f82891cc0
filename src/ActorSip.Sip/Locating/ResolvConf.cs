using System.Net;
using System.Net.Sockets;

namespace ActorSip.Sip.Locating;

/// <summary>
/// The name servers of resolv.conf(5), read as glibc's resolver reads them: a line that starts with
/// <c>nameserver</c> and a blank, the address up to the next blank, ';' or '#', IPv4 or IPv6 (a <c>%scope</c> allowed),
/// port 53, at most three (MAXNS), invalid addresses skipped; none at all (or no file) means the name server on the
/// local machine. Loopback servers (systemd-resolved's 127.0.0.53, a local unbound) are kept: DnsClient's own discovery
/// goes through the network interfaces instead and does not see them the same way.
/// </summary>
public static class ResolvConf
{
    public const string DefaultPath = "/etc/resolv.conf";

    /// <summary>glibc's MAXNS: later nameserver lines are ignored.</summary>
    public const int MaxServers = 3;

    private const int DnsPort = 53;

    /// <summary>The servers listed in <paramref name="text"/>, in order; empty when it lists none.</summary>
    public static IReadOnlyList<IPEndPoint> Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var servers = new List<IPEndPoint>();
        foreach (var rawLine in text.Split('\n'))
        {
            var line = rawLine.TrimEnd('\r');
            // No leading blanks are skipped: glibc matches the keyword at the very start of the line.
            if (!line.StartsWith("nameserver", StringComparison.Ordinal) || line.Length == "nameserver".Length
                || line["nameserver".Length] is not (' ' or '\t'))
            {
                continue;
            }

            var rest = line["nameserver".Length..].TrimStart(' ', '\t');
            var end = rest.IndexOfAny([' ', '\t', ';', '#']);
            var address = end < 0 ? rest : rest[..end];
            if (TryAddress(address, out var ip) && servers.Count < MaxServers)
            {
                servers.Add(new IPEndPoint(ip, DnsPort));
            }
        }

        return servers;
    }

    /// <summary>The servers of the file at <paramref name="path"/>, or the local machine's (127.0.0.1:53) when the file is
    /// missing, unreadable or lists none, as the C library does. <paramref name="source"/> says which, for the log.</summary>
    public static IReadOnlyList<IPEndPoint> Load(string path, out string source)
    {
        ArgumentNullException.ThrowIfNull(path);
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            source = $"{path} not readable ({e.Message}): the local machine's, as the C library does";
            return [new IPEndPoint(IPAddress.Loopback, DnsPort)];
        }

        var servers = Parse(text);
        if (servers.Count == 0)
        {
            source = $"{path} lists none: the local machine's, as the C library does";
            return [new IPEndPoint(IPAddress.Loopback, DnsPort)];
        }

        source = path;
        return servers;
    }

    /// <summary>A name server as configured: ADDRESS, ADDRESS:PORT or [IPv6]:PORT; port 53 when not given.</summary>
    public static bool TryParseServer(string text, out IPEndPoint endPoint)
    {
        ArgumentNullException.ThrowIfNull(text);
        endPoint = null!;
        var t = text.Trim();
        if (TryAddress(t, out var bare))
        {
            endPoint = new IPEndPoint(bare, DnsPort);
            return true;
        }

        if (!IPEndPoint.TryParse(t, out var parsed) || parsed.Port is < 1 or > 65535)
        {
            return false;
        }

        // "::1:53" is ambiguous; an IPv6 address with a port needs brackets.
        if (parsed.AddressFamily == AddressFamily.InterNetworkV6 && !t.StartsWith('['))
        {
            return false;
        }

        if (parsed.AddressFamily == AddressFamily.InterNetwork && !TargetText.IsIPv4(t[..t.LastIndexOf(':')]))
        {
            return false;
        }

        endPoint = parsed;
        return true;
    }

    private static bool TryAddress(string text, out IPAddress address)
    {
        address = null!;
        if (TargetText.IsIPv4(text) && IPAddress.TryParse(text, out var v4))
        {
            address = v4;
            return true;
        }

        // IPv6, with an optional %scope (a link-local server on one interface).
        var bare = text.Split('%')[0];
        // IPAddress.TryParse takes "[::1]:5353" and drops the port; a bare address has no brackets.
        if (!bare.Contains('[') && TargetText.IsIPv6(bare) && IPAddress.TryParse(text, out var v6) && v6.AddressFamily == AddressFamily.InterNetworkV6)
        {
            address = v6;
            return true;
        }

        return false;
    }
}
