using Microsoft.Data.Sqlite;

namespace ActorSip.Cluster.Tests;

/// <summary>A fresh data dir (SQLite file, key file) per test, removed afterwards.</summary>
public sealed class TempDataDir : IDisposable
{
    public TempDataDir() => Directory.CreateDirectory(Path);

    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "actorsip-tests", Guid.NewGuid().ToString("N"));

    public string Database => System.IO.Path.Combine(Path, "actorsip.db");

    public void Dispose()
    {
        // Pooled connections keep the file open; release them before deleting.
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
