using System.Text.Json;
using ActorSip.Sip.Auth;

namespace ActorSip.Sip.Tests.Auth;

/// <summary>One entry of shared/conformance/digest/vectors.json, read as the file has it.</summary>
public sealed record DigestVector(
    string Id, string Algorithm, string Username, string Realm, string Password, string Method, string Uri,
    string Nonce, string Nc, string Cnonce, string Qop, string? Opaque, bool UserHash, string Challenge,
    string ExpectedResponse, string? ExpectedUsernameHash, bool Verified)
{
    public static IReadOnlyList<DigestVector> All()
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Fixtures.Path("conformance", "digest", "vectors.json")));
        return doc.RootElement.GetProperty("vectors").EnumerateArray().Select(v => new DigestVector(
            v.GetProperty("id").GetString()!, v.GetProperty("algorithm").GetString()!, v.GetProperty("username").GetString()!,
            v.GetProperty("realm").GetString()!, v.GetProperty("password").GetString()!, v.GetProperty("method").GetString()!,
            v.GetProperty("uri").GetString()!, v.GetProperty("nonce").GetString()!, v.GetProperty("nc").GetString()!,
            v.GetProperty("cnonce").GetString()!, v.GetProperty("qop").GetString()!,
            v.TryGetProperty("opaque", out var o) ? o.GetString() : null,
            v.TryGetProperty("userhash", out var u) && u.GetBoolean(), v.GetProperty("challenge").GetString()!,
            v.GetProperty("expected_response").GetString()!,
            v.TryGetProperty("expected_username_hash", out var h) ? h.GetString() : null,
            v.GetProperty("verified").GetBoolean())).ToList();
    }

    public static TheoryData<string> Ids()
    {
        var data = new TheoryData<string>();
        foreach (var v in All()) data.Add(v.Id);
        return data;
    }

    public DigestInput Input()
    {
        Assert.True(DigestAlgorithms.TryParse(Algorithm, out var algorithm));
        return new DigestInput(algorithm, Username, Realm, Password, Method, Uri, Nonce, Qop, Nc, Cnonce);
    }
}
