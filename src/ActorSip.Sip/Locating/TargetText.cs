using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace ActorSip.Sip.Locating;

/// <summary>Small, strict checks for the pieces of a SIP target: IPv4 dotted quads, IPv6 literals, host names, ports.</summary>
internal static class TargetText
{
    /// <summary>
    /// Strict dotted quad. <see cref="IPAddress.TryParse(string?, out IPAddress?)"/> is not used here because it
    /// accepts legacy forms such as "1.2.3" (read as 1.2.0.3), which a voice engineer never means.
    /// </summary>
    public static bool IsIPv4(string text)
    {
        var parts = text.Split('.');
        if (parts.Length != 4)
        {
            return false;
        }

        foreach (var part in parts)
        {
            if (part.Length is < 1 or > 3 || !part.All(char.IsAsciiDigit))
            {
                return false;
            }

            if (int.Parse(part, NumberStyles.None, CultureInfo.InvariantCulture) > 255)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>An IPv6 literal without brackets; needs a colon so that IPv4 text is not taken for IPv6.</summary>
    public static bool IsIPv6(string text) =>
        text.Contains(':')
        && IPAddress.TryParse(text, out var address)
        && address.AddressFamily == AddressFamily.InterNetworkV6;

    /// <summary>RFC 1123 host name: labels of letters, digits and hyphens (1-63 chars, no hyphen at either end), 253 chars at most.</summary>
    public static bool IsHostName(string text)
    {
        var name = text.EndsWith('.') ? text[..^1] : text;
        if (name.Length is < 1 or > 253)
        {
            return false;
        }

        var labels = name.Split('.');
        foreach (var label in labels)
        {
            if (label.Length is < 1 or > 63 || label[0] == '-' || label[^1] == '-')
            {
                return false;
            }

            if (!label.All(c => char.IsAsciiLetterOrDigit(c) || c == '-'))
            {
                return false;
            }
        }

        // An all-digit top label would make "1.2.3" a host name; RFC 1123 §2.1 rules that out.
        return !labels[^1].All(char.IsAsciiDigit);
    }

    /// <summary>Host names compare case-insensitively and a trailing root dot changes nothing; one spelling keeps the cache keys equal.</summary>
    public static string NormalizeHostName(string text) =>
        (text.EndsWith('.') ? text[..^1] : text).ToLowerInvariant();

    public static bool TryParsePort(string text, out int port, out string error)
    {
        port = 0;
        if (text.Length == 0)
        {
            error = "% port missing after ':'";
            return false;
        }

        if (text.Length > 5 || !text.All(char.IsAsciiDigit)
            || (port = int.Parse(text, NumberStyles.None, CultureInfo.InvariantCulture)) is < 1 or > 65535)
        {
            port = 0;
            error = $"% invalid port '{text}': port must be 1-65535";
            return false;
        }

        error = "";
        return true;
    }
}
