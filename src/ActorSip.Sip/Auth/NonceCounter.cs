using System.Collections.Concurrent;

namespace ActorSip.Sip.Auth;

/// <summary>nc per nonce (RFC 7616 §3.4): 00000001 for the first use of a nonce, then counting up.
/// Old nonces are forgotten past a bound, so a long-running node does not grow.</summary>
public sealed class NonceCounter
{
    private const int MaxNonces = 10_000;
    private readonly ConcurrentDictionary<string, int> _counts = new(StringComparer.Ordinal);

    public string Next(string nonce)
    {
        if (_counts.Count > MaxNonces) _counts.Clear();
        var n = _counts.AddOrUpdate(nonce, 1, (_, c) => c + 1);
        return n.ToString("x8");
    }
}
