using Akka.Actor;
using Akka.Configuration;
using Akka.TestKit;
using ActorSip.Cluster.Mailboxes;
using ActorSip.Cluster.Persistence;
using ActorSip.Cluster.Serialization;
using Microsoft.Data.Sqlite;

namespace ActorSip.Cluster.Tests;

/// <summary>One ActorSystem on a data dir, the way a node runs it; disposing it is "stop the node". Several nodes
/// on the same dir one after the other are "restart".</summary>
public sealed class Node : IDisposable
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    private static int _count;

    private readonly Akka.TestKit.Xunit2.TestKit _kit;

    public Node(string dataDir)
    {
        var config = ConfigurationFactory.ParseString("akka.loglevel = WARNING")
            .WithFallback(SerializationConfig.Hocon)
            .WithFallback(EntityMailbox.Hocon)
            .WithFallback(PersistenceConfig.Sqlite(dataDir));
        _kit = new Akka.TestKit.Xunit2.TestKit(config, $"node{Interlocked.Increment(ref _count)}");
    }

    public ActorSystem Sys => _kit.Sys;

    public TestProbe Probe() => _kit.CreateTestProbe();

    public void Dispose()
    {
        _kit.Dispose();
        SqliteConnection.ClearAllPools();
    }
}
