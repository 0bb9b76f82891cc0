using System.Diagnostics.Metrics;
using Akka;
using Akka.Actor;
using ActorSip.Cluster.Credentials;
using ActorSip.Cluster.Metrics;
using ActorSip.Cluster.Security;
using ActorSip.Trunks;

namespace ActorSip.Cluster.Tests;

/// <summary>actorsip.credential.lookups counts one lookup per challenge through the credential directory: found when
/// the realm's slice answers, not_found when the seed's rules terminate.</summary>
public sealed class CredentialLookupMetricTests : IDisposable
{
    private readonly TempDataDir _dir = new();
    private readonly JournalKey _key = JournalKey.Generate();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Found_and_not_found_lookups_are_counted_by_result()
    {
        using var node = new Node(_dir.Path);
        var protector = new SecretProtector(new JournalKeyring(_key, [], _dir.Path));
        var region = node.Sys.ActorOf(Props.Create(() => new SliceRouter(protector)), "credential");
        var probe = node.Probe();
        const string slice = "2222/metric.example.com";
        region.Tell(TestSlices.Set(slice, protector, (CredentialSource.SipUaCredentials, "bob", "pw-not-in-metrics", "metric.example.com", null)), probe);
        probe.ExpectMsg<Done>(Node.Timeout);
        var directory = new ShardedCredentialDirectory(region, protector, Node.Timeout);

        using var counted = new LookupCounter();
        var found = await directory.LookupAsync(Challenge("metric.example.com"), CancellationToken.None);
        var missing = await directory.LookupAsync(Challenge("other.example.com"), CancellationToken.None);

        Assert.IsType<CredentialLookup.Answer>(found);
        Assert.IsType<CredentialLookup.Terminate>(missing);
        Assert.Equal(1, counted.Get("found"));
        Assert.Equal(1, counted.Get("not_found"));
        Assert.Equal(0, counted.Get("error"));
    }

    private static Challenge Challenge(string realm) =>
        new(new Realm(realm), null, ChallengedMethod.Register, EndpointNumber.Parse("2222"), null);

    /// <summary>The shard region's job for one process: one credential entity per slice id, created on first use.</summary>
    private sealed class SliceRouter : ReceiveActor
    {
        public SliceRouter(SecretProtector protector)
        {
            ReceiveAny(message =>
            {
                var id = message switch
                {
                    CredentialCommands.SetSlice s => s.SliceId,
                    CredentialQueries.Lookup l => l.SliceId,
                    _ => throw new InvalidOperationException($"unexpected {message.GetType().Name}"),
                };
                var name = CredentialActor.EntityName(id);
                var child = Context.Child(name);
                if (child.IsNobody()) child = Context.ActorOf(CredentialActor.Props(id, protector), name);
                child.Forward(message);
            });
        }
    }

    private sealed class LookupCounter : IDisposable
    {
        private readonly MeterListener _listener = new();
        private readonly Dictionary<string, long> _byResult = new(StringComparer.Ordinal);

        public LookupCounter()
        {
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == ActorSipMetrics.MeterName && instrument.Name == "actorsip.credential.lookups")
                    listener.EnableMeasurementEvents(instrument);
            };
            _listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
            {
                foreach (var tag in tags)
                    if (tag.Key == "result")
                        lock (_byResult) _byResult[(string)tag.Value!] = _byResult.GetValueOrDefault((string)tag.Value!) + value;
            });
            _listener.Start();
        }

        public long Get(string result)
        {
            lock (_byResult) return _byResult.GetValueOrDefault(result);
        }

        public void Dispose() => _listener.Dispose();
    }
}
