using System.Collections.Concurrent;
using ActorSip.Cluster.Credentials;
using ActorSip.Cluster.Security;
using ActorSip.Sip.Auth;
using ActorSip.Trunks;

namespace ActorSip.Cluster.Tests;

/// <summary>Between a lookup and the REGISTER that answers the challenge, the node holds the chosen password only
/// encrypted; answering decrypts it for the digest computation and keeps nothing.</summary>
public sealed class PendingCredentialsTests : IDisposable
{
    private const string Password = "Pending-Pw-Grep-Me-2207";
    private const string Slice = "1001/a.test";
    private const string Binding = "1001@1";

    private readonly TempDataDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task The_held_credential_is_ciphertext_and_after_the_digest_answer_nothing_is_kept()
    {
        using var node = new Node(_dir.Path);
        var protector = new SecretProtector(new JournalKeyring(JournalKey.Generate(), [], _dir.Path));
        var region = node.Sys.ActorOf(WireTap.Props(protector, new ConcurrentQueue<WireTap.Payload>()), "credential");
        var probe = node.Probe();
        region.Tell(TestSlices.Set(Slice, protector, (CredentialSource.SipUaCredentials, "u1001", Password, "a.test", null)), probe);
        probe.ExpectMsg<Akka.Done>(Node.Timeout);
        var directory = new ShardedCredentialDirectory(region, protector, Node.Timeout);

        var pending = new PendingCredentials();
        var answer = Assert.IsType<CredentialLookup.Answer>(await directory.LookupAsync(
            new Challenge(new Realm("a.test"), null, ChallengedMethod.Register, EndpointNumber.Parse("1001"), null), CancellationToken.None));
        pending.Hold(Binding, answer);
        Assert.Equal(1, pending.Count);
        // Held, but not in clear: neither the holder nor the answer in it keeps a plaintext.
        Assert.Empty(ObjectGraph.FindSecret(pending, Password));

        var challenge = DigestChallenge.ChooseStrongest(["Digest realm=\"a.test\", nonce=\"n0nce-1\", qop=\"auth\", algorithm=SHA-256"], proxy: false)!;
        var value = pending.Authorize(Binding, new DigestClient(() => "c0ffee"), challenge, "REGISTER", "sip:a.test");

        // The answer is right: the same response as computed from the password directly.
        Assert.NotNull(value);
        Assert.True(AuthHeaderParser.TryParse(value, out var parsed, out var error), error);
        var expected = DigestClient.Response(new DigestInput(DigestAlgorithm.Sha256, "u1001", "a.test", Password, "REGISTER", "sip:a.test",
            "n0nce-1", "auth", "00000001", "c0ffee"));
        Assert.Equal(expected, parsed.Get("response"));

        // Used once, then gone: no entry, nothing reachable from the holder, and a second answer needs a new lookup.
        Assert.Equal(0, pending.Count);
        Assert.False(pending.TryPeek(Binding, out _));
        Assert.Empty(ObjectGraph.FindSecret(pending, Password));
        Assert.Null(pending.Authorize(Binding, new DigestClient(), challenge, "REGISTER", "sip:a.test"));
    }

    [Fact]
    public void The_graph_search_finds_a_password_kept_in_clear()
    {
        // What the node did before: a dictionary of DigestCredentials by binding. The search must see that.
        var old = new ConcurrentDictionary<string, DigestCredentials>(StringComparer.Ordinal) { [Binding] = new("u1001", Password) };
        Assert.NotEmpty(ObjectGraph.FindSecret(old, Password));
    }
}
