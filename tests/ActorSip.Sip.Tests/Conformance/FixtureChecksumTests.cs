using System.Security.Cryptography;

namespace ActorSip.Sip.Tests.Conformance;

/// <summary>The conformance copy in tests/fixtures is the published material byte for byte: any newline
/// translation or edit shows here before it shows as a puzzling parser failure.</summary>
public sealed class FixtureChecksumTests
{
    [Theory]
    [InlineData("rfc4475")]
    [InlineData("rfc5118")]
    public void Every_file_matches_its_SHA256SUMS_line(string folder)
    {
        var dir = Fixtures.Path("conformance", folder);
        var lines = File.ReadAllLines(Path.Combine(dir, "SHA256SUMS")).Where(l => l.Length > 0).ToList();
        Assert.True(lines.Count >= 12, $"{folder}/SHA256SUMS lists only {lines.Count} files");
        foreach (var line in lines)
        {
            var expected = line[..64];
            var name = line[64..].TrimStart(' ', '*');
            var actual = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(Path.Combine(dir, name))));
            Assert.True(expected == actual, $"{folder}/{name}: sha256 {actual}, SHA256SUMS says {expected}");
        }
    }
}
