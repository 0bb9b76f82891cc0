using ActorSip.Sip.Auth;
using BenchmarkDotNet.Attributes;

namespace ActorSip.Benchmarks;

/// <summary>Answering one challenge: parse the WWW-Authenticate value, compute the response, write Authorization.</summary>
[MemoryDiagnoser]
public class DigestBenchmarks
{
    private const string Md5Challenge = "Digest realm=\"Realm.example1.com\", nonce=\"ea9c8e88df84f1cec4341ae6cbe5a359\", algorithm=MD5, qop=\"auth\"";
    private const string Sha256Challenge = "Digest realm=\"Realm.example1.com\", nonce=\"ea9c8e88df84f1cec4341ae6cbe5a359\", algorithm=SHA-256, qop=\"auth\"";
    private readonly DigestClient _client = new(() => "0a4f113b");
    private readonly DigestCredentials _credentials = new("1111", "MyPassword");

    [Benchmark]
    public string AnswerMd5() => Answer(Md5Challenge);

    [Benchmark]
    public string AnswerSha256() => Answer(Sha256Challenge);

    private string Answer(string header) =>
        _client.Authorize(DigestChallenge.ChooseStrongest([header], proxy: false)!, _credentials, "REGISTER", "sip:example1.com");
}
