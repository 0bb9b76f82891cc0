using System.Security.Cryptography;

namespace ActorSip.Sip.Transactions;

/// <summary>RFC 3261 §8.1.1.7 branch values: the magic cookie and enough randomness to be unique in space and time.</summary>
public static class SipBranch
{
    private const string Alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";

    public static string New()
    {
        Span<char> random = stackalloc char[16];
        RandomNumberGenerator.GetItems(Alphabet, random);
        return string.Concat(Messages.ViaHeader.MagicCookie, random);
    }
}
