namespace ActorSip.Trunks;

/// <summary>
/// The seed's "Determination of Authentication Details", steps 1 to 5, as one pure function.
/// Unlike IOS in a multihome setup, an entry configured for one realm is never offered to another realm.
/// </summary>
public static class CredentialDetermination
{
    public static CredentialChoice Determine(TrunkConfig config, Challenge challenge)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(challenge);
        var peer = DialPeerOf(config, challenge);

        if (challenge.Realm is { } realm)
        {
            // Step 1: the POTS dial-peer's authentication for this realm.
            if (peer?.Authentications.FirstOrDefault(a => a.Realm == realm) is { } own)
            {
                return Answer(own, CredentialSource.DialPeerAuthentication, 1);
            }
            // Step 2: sip-ua credentials of this endpoint for this realm (number + realm is the key).
            if (challenge.Endpoint is { } endpoint
                && config.Credentials.FirstOrDefault(c => c.Number == endpoint && c.Realm == realm) is { Username: { } user } credential)
            {
                return new CredentialChoice.Answer(user, credential.Password, credential.Realm, CredentialSource.SipUaCredentials) { Step = 2 };
            }
            // Step 3: sip-ua authentication for this realm.
            if (config.Authentications.FirstOrDefault(a => a.Realm == realm) is { } global)
            {
                return Answer(global, CredentialSource.SipUaAuthentication, 3);
            }
        }

        // Step 5: authentication configured without a realm answers with the username the request was sent as
        // when one such entry has it; a single realm-less entry answers alone. The dial-peer's come first.
        if (RealmLess(peer?.Authentications ?? [], challenge.OfferedUsername, out var fromPeer, out var peerAmbiguous))
        {
            return Answer(fromPeer!, CredentialSource.DialPeerAuthentication, 5);
        }
        if (peerAmbiguous)
        {
            return Ambiguous(challenge);
        }
        if (RealmLess(config.Authentications, challenge.OfferedUsername, out var fromUa, out var uaAmbiguous))
        {
            return Answer(fromUa!, CredentialSource.SipUaAuthentication, 5);
        }
        if (uaAmbiguous)
        {
            return Ambiguous(challenge);
        }

        // Step 4: nothing matches the received realm: terminate rather than guess (no other realm's secret leaks).
        var which = challenge.Realm is { } r ? $"realm {r}" : "a challenge without realm";
        return new CredentialChoice.Terminate($"no authentication or credential for {which}") { Step = 4 };
    }

    private static DialPeer? DialPeerOf(TrunkConfig config, Challenge challenge)
    {
        if (challenge.DialPeer is { } tag)
        {
            return config.DialPeers.GetValueOrDefault(tag);
        }
        return challenge.Endpoint is { } endpoint
            ? config.DialPeers.Values.FirstOrDefault(d => d.Endpoint == endpoint)
            : null;
    }

    private static bool RealmLess(IEnumerable<Authentication> entries, string? offered, out Authentication? chosen, out bool ambiguous)
    {
        var candidates = entries.Where(a => a.Realm is null).ToList();
        chosen = candidates.FirstOrDefault(a => offered is not null && a.Username == offered)
            ?? (candidates.Count == 1 ? candidates[0] : null);
        ambiguous = chosen is null && candidates.Count > 1;
        return chosen is not null;
    }

    private static CredentialChoice Ambiguous(Challenge challenge) =>
        new CredentialChoice.Terminate(
            $"several authentications without realm and none for username {challenge.OfferedUsername ?? "(none offered)"}") { Step = 5 };

    private static CredentialChoice Answer(Authentication a, CredentialSource source, int step) =>
        new CredentialChoice.Answer(a.Username, a.Password, a.Realm, source) { Step = step };
}
