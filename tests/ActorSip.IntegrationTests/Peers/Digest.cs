using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace ActorSip.IntegrationTests.Peers;

/// <summary>RFC 7616/8760 digest (qop=auth) for hand-written test requests, independent of ActorSip's own implementation.</summary>
public static partial class Digest
{
    /// <summary>Parameters of a WWW-Authenticate / Proxy-Authenticate value: realm, nonce, qop, algorithm, ...</summary>
    public static IReadOnlyDictionary<string, string> ParseChallenge(string value)
    {
        var result = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (Match m in Param().Matches(value))
            result[m.Groups[1].Value] = m.Groups[2].Success ? m.Groups[2].Value : m.Groups[3].Value;
        return result;
    }

    [GeneratedRegex("""(\w+)=(?:"([^"]*)"|([^\s,]+))""")]
    private static partial Regex Param();

    /// <summary>The Authorization header value answering <paramref name="challenge"/>.</summary>
    public static string Authorization(IReadOnlyDictionary<string, string> challenge, string username, string password, string method, string uri)
    {
        var algorithm = challenge.GetValueOrDefault("algorithm", "MD5");
        Func<string, string> h = algorithm.ToUpperInvariant() switch
        {
            "MD5" => s => Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes(s))),
            "SHA-256" => s => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(s))),
            _ => throw new NotSupportedException(algorithm),
        };
        var realm = challenge["realm"];
        var nonce = challenge["nonce"];
        const string nc = "00000001";
        var cnonce = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
        var ha1 = h($"{username}:{realm}:{password}");
        var ha2 = h($"{method}:{uri}");
        var response = h($"{ha1}:{nonce}:{nc}:{cnonce}:auth:{ha2}");
        return $"Digest username=\"{username}\", realm=\"{realm}\", nonce=\"{nonce}\", uri=\"{uri}\", response=\"{response}\", " +
               $"algorithm={algorithm}, qop=auth, nc={nc}, cnonce=\"{cnonce}\"";
    }
}
