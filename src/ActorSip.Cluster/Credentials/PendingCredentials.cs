using System.Collections.Concurrent;
using ActorSip.Sip.Auth;

namespace ActorSip.Cluster.Credentials;

/// <summary>
/// The credential chosen for each binding's pending challenge, from the lookup to the REGISTER that answers it:
/// the username and the password still encrypted (<see cref="ProtectedPassword"/>). <see cref="Authorize"/> takes
/// it out, decrypts it for the one digest computation and zeroes the plaintext; nothing is kept afterwards.
/// </summary>
public sealed class PendingCredentials
{
    private readonly ConcurrentDictionary<string, CredentialLookup.Answer> _byBinding = new(StringComparer.Ordinal);

    /// <summary>How many bindings have a chosen credential waiting for their REGISTER.</summary>
    public int Count => _byBinding.Count;

    /// <summary>Keeps the answer for the binding's next REGISTER (a newer lookup replaces an older one).</summary>
    public void Hold(string bindingId, CredentialLookup.Answer answer) => _byBinding[bindingId] = answer;

    /// <summary>The ciphertext held for the binding, if any (for tests and diagnostics: it is not a secret).</summary>
    public bool TryPeek(string bindingId, out CredentialLookup.Answer answer) => _byBinding.TryGetValue(bindingId, out answer!);

    /// <summary>The Authorization value answering <paramref name="challenge"/> with the binding's held credential,
    /// which is removed; null when none is held.</summary>
    public string? Authorize(string bindingId, DigestClient digest, DigestChallenge challenge, string method, string uri)
    {
        if (!_byBinding.TryRemove(bindingId, out var answer)) return null;
        return answer.Password.Use(password => digest.Authorize(challenge, answer.Username, password, method, uri));
    }
}
