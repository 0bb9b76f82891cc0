using System.Text;

namespace ActorSip.Cluster.Tests;

/// <summary>Every form in which a password could show up in bytes: UTF-8, UTF-16 (both byte orders), base64 of UTF-8.</summary>
internal static class Needles
{
    public static IEnumerable<(string Form, byte[] Bytes)> Of(string password) =>
    [
        ("UTF-8", Encoding.UTF8.GetBytes(password)),
        ("UTF-16LE", Encoding.Unicode.GetBytes(password)),
        ("UTF-16BE", Encoding.BigEndianUnicode.GetBytes(password)),
        ("base64", Encoding.UTF8.GetBytes(Convert.ToBase64String(Encoding.UTF8.GetBytes(password)))),
    ];

    /// <summary>The first form of <paramref name="password"/> found in <paramref name="haystack"/>, or null.</summary>
    public static string? FindIn(ReadOnlySpan<byte> haystack, string password)
    {
        foreach (var (form, bytes) in Of(password))
            if (haystack.IndexOf(bytes) >= 0) return form;
        return null;
    }
}
