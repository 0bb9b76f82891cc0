using ActorSip.Cluster.Configuration;
using ActorSip.Cluster.Security;
using ActorSip.Trunks;

namespace ActorSip.Cluster.Tests;

/// <summary>The singleton's state moves only by its events: recovery and a live change give the same record.</summary>
public sealed class TrunkConfigStateTests
{
    private static readonly DateTimeOffset At = new(2026, 12, 3, 9, 0, 0, TimeSpan.Zero);
    private static readonly EncryptedSecret Sealed = new("k0123456789abcdef", "bm9uY2U=", "Y2lwaGVy", "dGFn");

    private static TrunkConfig Read(string text) => IosConfigReader.Read(text, "t").Config!;

    [Fact]
    public void Change_events_move_the_version_plan_and_history_and_stored_events_only_the_stored_version()
    {
        var v1 = Read("sip-ua\n registrar 1 ipv4:127.0.0.1:5060\n credentials number 1001 username u1 password p1 realm a.test\n");
        var v2 = Read("sip-ua\n registrar 1 ipv4:127.0.0.1:5060\n credentials number 1001 username u1 password p1 realm a.test\n credentials number 1002 username u2 password p2 realm a.test\n");
        var state = TrunkConfigState.Empty
            .Apply(new TrunkConfigEvents.Replaced(At, "node-a", "trunks.cfg", Sealed, "masked-1", "user:root"), v1, 1)
            .Apply(new TrunkConfigEvents.CredentialsStored(1))
            .Apply(new TrunkConfigEvents.Replaced(At.AddMinutes(1), "node-b", "config apply -", Sealed, "masked-2", "token:alice"), v2, 3);

        Assert.Equal(3, state.Version);
        Assert.Equal(1, state.StoredVersion);
        Assert.Equal("masked-2", state.Masked);
        Assert.Equal(v2, state.Config);
        Assert.Equal(["1001@1", "1002@1"], state.Plan.Bindings.Select(b => b.Id));
        var changes = state.History.Since(0)!;
        Assert.Equal([1L, 3L], changes.Select(c => c.Version));
        Assert.Equal("config apply - as token:alice", changes[1].Source);
        Assert.Equal([ConfigKey.Credential(EndpointNumber.Parse("1002"), new Realm("a.test"))], changes[1].Changed);
        Assert.False(state.IsEmpty);
        Assert.True(TrunkConfigState.Empty.IsEmpty);
    }
}
