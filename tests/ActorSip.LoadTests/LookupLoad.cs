using System.Collections.Immutable;
using System.Diagnostics;
using System.Globalization;
using Akka;
using Akka.Actor;
using Akka.Cluster;
using Akka.Cluster.Sharding;
using Akka.Configuration;
using ActorSip.Cluster;
using ActorSip.Cluster.Credentials;
using ActorSip.Cluster.Persistence;
using ActorSip.Cluster.Security;
using ActorSip.Cluster.Serialization;
using ActorSip.Trunks;
using ActorSip.Trunks.Planning;
using Npgsql;

namespace ActorSip.LoadTests;

/// <summary>
/// P4: how many challenge lookups the sharded credential directory answers, and how fast, when the slice lives on
/// the asking node (local) and on the other node (cross-node: a remoting round trip with our serializer). Two
/// ActorSystems in this process form a real cluster over TCP on 127.0.0.1 with the node's own akka.conf, each with
/// its own SQLite journal; the lookups go through <see cref="ShardedCredentialDirectory"/>, the code a binding
/// uses when a registrar challenges it (password decrypted per lookup included). Every answer is checked.
/// The peer, with --postgres: the same lookups as rows of a credential table read over Npgsql, the usual way to
/// share credentials between nodes (Kamailio's auth_db, Asterisk realtime).
/// </summary>
public static class LookupLoad
{
    private const string RealmName = "load.test";
    private const int MaxSamplesPerWorker = 2_000_000;

    public static async Task<int> RunAsync(int slices, TimeSpan duration, int concurrency, string? postgres, TextWriter o, CancellationToken ct)
    {
        var root = RepositoryRoot();
        var work = Directory.CreateTempSubdirectory("actorsip-p4-");
        var protector = new SecretProtector(new JournalKeyring(JournalKey.Generate(), [], work.FullName));
        ActorSystem? a = null, b = null;
        try
        {
            o.WriteLine(Machine.Describe());
            o.WriteLine($"p4 lookups: {slices} slices, {concurrency} in flight, {duration.TotalSeconds:F0} s per mode");
            a = StartNode(root, Path.Combine(work.FullName, "a"));
            b = StartNode(root, Path.Combine(work.FullName, "b"));
            var clusterA = Akka.Cluster.Cluster.Get(a);
            await clusterA.JoinAsync(clusterA.SelfAddress, ct);
            await Akka.Cluster.Cluster.Get(b).JoinAsync(clusterA.SelfAddress, ct);
            var regionA = await StartRegion(a, protector);
            var regionB = await StartRegion(b, protector);
            for (var wait = Stopwatch.StartNew(); clusterA.State.Members.Count(m => m.Status == MemberStatus.Up) < 2; await Task.Delay(100, ct))
            {
                if (wait.Elapsed > TimeSpan.FromSeconds(60))
                {
                    o.WriteLine("error: the two nodes did not form a cluster within 60 s");
                    return 1;
                }
            }

            var clock = Stopwatch.StartNew();
            await LoadSlices(regionA, slices, protector, ct);
            o.WriteLine($"loaded {slices} slices in {clock.Elapsed.TotalSeconds:F1} s");

            // Which node holds which slice: the regions' own view.
            var onA = await EntityIds(regionA);
            var onB = await EntityIds(regionB);
            var local = Enumerable.Range(0, slices).Where(i => onA.Contains(SliceId(i))).ToArray();
            var remote = Enumerable.Range(0, slices).Where(i => onB.Contains(SliceId(i))).ToArray();
            o.WriteLine($"slices on the asking node: {local.Length}, on the other node: {remote.Length}");
            if (local.Length == 0 || remote.Length == 0)
            {
                o.WriteLine("error: the shards did not spread over both nodes; nothing to compare");
                return 1;
            }

            var directory = new ShardedCredentialDirectory(regionA, protector, TimeSpan.FromSeconds(10));
            async Task<bool> Sharded(int i, CancellationToken token) =>
                await directory.LookupAsync(Challenge(i), token) is CredentialLookup.Answer answer && answer.Username == Username(i)
                && answer.Password.Use(p => System.Text.Encoding.UTF8.GetString(p)) == Password(i);

            // Each mode gets a short warm-up first, so the JIT and the connections are not measured.
            async Task<Result> WarmAndMeasure(string name, int[] keys, Func<int, CancellationToken, Task<bool>> lookup)
            {
                await Measure("warm-up", keys, lookup, TimeSpan.FromSeconds(2), concurrency, null, ct);
                return await Measure(name, keys, lookup, duration, concurrency, o, ct);
            }
            var localResult = await WarmAndMeasure("actorsip local", local, Sharded);
            var remoteResult = await WarmAndMeasure("actorsip cross-node", remote, Sharded);
            var failed = localResult.Wrong + remoteResult.Wrong;

            if (postgres is not null)
            {
                await using var data = NpgsqlDataSource.Create(postgres);
                await LoadTable(data, slices, protector, ct);
                async Task<bool> Peer(int i, CancellationToken token)
                {
                    await using var cmd = data.CreateCommand("SELECT username, key_id, nonce, ciphertext, tag FROM p4_credentials WHERE slice = $1");
                    cmd.Parameters.AddWithValue(SliceId(i));
                    await using var reader = await cmd.ExecuteReaderAsync(token);
                    if (!await reader.ReadAsync(token)) return false;
                    // Encrypted at rest like the journal's copy, so both sides pay for the decryption.
                    var secret = new EncryptedSecret(reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4));
                    var password = protector.Unprotect(secret, SliceId(i));
                    return reader.GetString(0) == Username(i) && password == Password(i);
                }
                var peer = await WarmAndMeasure("postgresql table", Enumerable.Range(0, slices).ToArray(), Peer);
                failed += peer.Wrong;
                o.WriteLine($"ratio local/peer: {localResult.PerSecond / peer.PerSecond:F2}, cross-node/peer: {remoteResult.PerSecond / peer.PerSecond:F2} (lookups per second)");
            }
            if (failed > 0)
            {
                o.WriteLine($"error: {failed} lookups answered with the wrong credential or none");
                return 1;
            }
            return 0;
        }
        finally
        {
            if (b is not null) await b.Terminate();
            if (a is not null) await a.Terminate();
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            work.Delete(recursive: true);
        }
    }

    private sealed record Result(double PerSecond, long Wrong);

    /// <summary>Closed loop: <paramref name="concurrency"/> workers each issue the next lookup as soon as the last is answered.</summary>
    private static async Task<Result> Measure(string name, int[] keys, Func<int, CancellationToken, Task<bool>> lookup, TimeSpan duration,
        int concurrency, TextWriter? o, CancellationToken ct)
    {
        var samples = new List<long>[concurrency];
        long wrong = 0;
        var stop = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var workers = Enumerable.Range(0, concurrency).Select(w => Task.Run(async () =>
        {
            var mine = samples[w] = new List<long>(1 << 16);
            var next = w;
            while (Stopwatch.GetTimestamp() < stop && mine.Count < MaxSamplesPerWorker && !ct.IsCancellationRequested)
            {
                var key = keys[next % keys.Length];
                next += concurrency;
                var start = Stopwatch.GetTimestamp();
                var ok = await lookup(key, ct);
                mine.Add(Stopwatch.GetTimestamp() - start);
                if (!ok) Interlocked.Increment(ref wrong);
            }
        }, ct)).ToArray();
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(workers);
        var elapsed = clock.Elapsed.TotalSeconds;
        var all = samples.SelectMany(s => s).ToArray();
        Array.Sort(all);
        double Ms(double q) => all.Length == 0 ? 0 : all[Math.Min(all.Length - 1, (int)(q * all.Length))] * 1000.0 / Stopwatch.Frequency;
        var perSecond = all.Length / elapsed;
        o?.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{name}: {all.Length} lookups in {elapsed:F1} s = {perSecond:F0}/s; latency p50 {Ms(0.5):F3} ms, p99 {Ms(0.99):F3} ms, max {Ms(1.0):F1} ms; wrong {wrong}"));
        return new Result(perSecond, wrong);
    }

    private static ActorSystem StartNode(string root, string dataDir)
    {
        Directory.CreateDirectory(dataDir);
        var config = ConfigurationFactory.ParseString("""
                akka.loglevel = WARNING
                akka.remote.dot-netty.tcp { hostname = "127.0.0.1", port = 0 }
                akka.cluster.seed-nodes = []
                """)
            .WithFallback(ConfigurationFactory.ParseString(File.ReadAllText(Path.Combine(root, "hocon", "akka.conf"))))
            .WithFallback(SerializationConfig.Hocon)
            .WithFallback(PersistenceConfig.Sqlite(dataDir));
        return ActorSystem.Create("actorsip", config);
    }

    // As the node starts it (NodeHost): same extractor, same shard count, no remembered entities.
    private static Task<IActorRef> StartRegion(ActorSystem system, SecretProtector protector) =>
        ClusterSharding.Get(system).StartAsync("credential", id => CredentialActor.Props(id, protector),
            ClusterShardingSettings.Create(system).WithRememberEntities(false), new EntityMessageExtractor(EntityMessageExtractor.DefaultShards));

    private static async Task LoadSlices(IActorRef region, int slices, SecretProtector protector, CancellationToken ct)
    {
        using var gate = new SemaphoreSlim(256);
        var tasks = Enumerable.Range(0, slices).Select(async i =>
        {
            await gate.WaitAsync(ct);
            try
            {
                var set = CredentialCommands.SetSlice.Create(SliceId(i), [(CredentialSource.SipUaCredentials, Username(i), Password(i), RealmName, null)], protector);
                await region.Ask<Done>(set, TimeSpan.FromSeconds(60), ct);
            }
            finally
            {
                gate.Release();
            }
        });
        await Task.WhenAll(tasks);
    }

    private static async Task<ImmutableHashSet<string>> EntityIds(IActorRef region)
    {
        var state = await region.Ask<CurrentShardRegionState>(GetShardRegionState.Instance, TimeSpan.FromSeconds(10));
        return state.Shards.SelectMany(s => s.EntityIds).ToImmutableHashSet();
    }

    private static async Task LoadTable(NpgsqlDataSource data, int slices, SecretProtector protector, CancellationToken ct)
    {
        await using (var create = data.CreateCommand(
                         "DROP TABLE IF EXISTS p4_credentials; CREATE TABLE p4_credentials (slice text PRIMARY KEY, username text NOT NULL, " +
                         "key_id text NOT NULL, nonce text NOT NULL, ciphertext text NOT NULL, tag text NOT NULL)"))
            await create.ExecuteNonQueryAsync(ct);
        await using var connection = await data.OpenConnectionAsync(ct);
        await using var writer = await connection.BeginTextImportAsync("COPY p4_credentials (slice, username, key_id, nonce, ciphertext, tag) FROM STDIN", ct);
        for (var i = 0; i < slices; i++)
        {
            var secret = protector.Protect(Password(i), SliceId(i));
            await writer.WriteLineAsync($"{SliceId(i)}\t{Username(i)}\t{secret.KeyId}\t{secret.Nonce}\t{secret.Ciphertext}\t{secret.Tag}");
        }
    }

    private static Challenge Challenge(int i) =>
        new(new Realm(RealmName), null, ChallengedMethod.Register, EndpointNumber.Parse(Number(i)), null);

    private static string Number(int i) => (100_000 + i).ToString(CultureInfo.InvariantCulture);

    private static string SliceId(int i) => CredentialSlice.SliceId(EndpointNumber.Parse(Number(i)), new Realm(RealmName));

    private static string Username(int i) => "u" + Number(i);

    private static string Password(int i) => "pw-" + Number(i);

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "ActorSip.sln"))) return dir.FullName;
        throw new DirectoryNotFoundException("repository root not found (run from a checkout)");
    }
}
