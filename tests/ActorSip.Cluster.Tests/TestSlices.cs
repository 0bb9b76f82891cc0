using ActorSip.Cluster.Credentials;
using ActorSip.Cluster.Security;
using ActorSip.Trunks;

namespace ActorSip.Cluster.Tests;

/// <summary>A SetSlice the way the trunk configuration makes one: passwords encrypted for the SetSlice.</summary>
internal static class TestSlices
{
    public static CredentialCommands.SetSlice Set(string sliceId, SecretProtector protector,
        params (CredentialSource Source, string Username, string Password, string? Realm, int? DialPeer)[] entries) =>
        CredentialCommands.SetSlice.Create(sliceId, entries, protector);
}
