using Akka.Configuration;
using Akka.Persistence.Sql;
using Microsoft.Data.Sqlite;

namespace ActorSip.Cluster.Persistence;

/// <summary>
/// The journal, snapshot store and read journal (Akka.Persistence.Sql) as Akka <see cref="Config"/>. The static
/// part is hocon/persistence.conf, plus hocon/persistence.sqlite.conf for SQLite (both embedded); the provider and
/// the connection string come from code so no secret or path is written into a config file.
/// </summary>
public static class PersistenceConfig
{
    /// <summary>linq2db's name for Microsoft.Data.Sqlite.</summary>
    public const string SqliteProvider = "SQLite.MS";

    /// <summary>linq2db's newest PostgreSQL dialect below 18 (PostgreSQL.15 covers 15 and later servers).</summary>
    public const string PostgresProvider = "PostgreSQL.15";

    public const string DatabaseFileName = "actorsip.db";

    private const string JournalPath = "akka.persistence.journal.sql";
    private const string SnapshotPath = "akka.persistence.snapshot-store.sql";
    private const string QueryPath = "akka.persistence.query.journal.sql";

    /// <summary>The embedded hocon/persistence.conf: what every database shares.</summary>
    private static Config SharedHocon { get; } = ConfigurationFactory.ParseString(ReadResource("persistence.conf"));

    /// <summary>The embedded hocon/persistence.sqlite.conf: SQLite's single write lock.</summary>
    private static Config SqliteHocon { get; } = ConfigurationFactory.ParseString(ReadResource("persistence.sqlite.conf"));

    public static string DatabasePath(string dataDir) => Path.Combine(dataDir, DatabaseFileName);

    public static string SqliteConnectionString(string dataDir) =>
        new SqliteConnectionStringBuilder { DataSource = DatabasePath(dataDir) }.ToString();

    /// <summary>
    /// SQLite in <paramref name="dataDir"/> (created if missing). Switches the file to WAL first: readers (queries,
    /// recovery) then no longer block the journal's writes. WAL is a property of the file, so doing it once before
    /// the ActorSystem starts is enough.
    /// </summary>
    public static Config Sqlite(string dataDir)
    {
        Directory.CreateDirectory(dataDir);
        var connectionString = SqliteConnectionString(dataDir);
        EnableWal(connectionString);
        return WithConnection(connectionString, SqliteProvider, SqliteHocon);
    }

    /// <summary>PostgreSQL: the same plugins and tag mode; tables are created on first use (auto-initialize).</summary>
    public static Config Postgres(string connectionString)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        return WithConnection(BoundedPool(connectionString), PostgresProvider);
    }

    /// <summary>Npgsql's default pool (100 connections) on each of 3 nodes exceeds PostgreSQL's default
    /// max_connections (100): 10,000 bindings recovering at once got "too many clients". 25 per node leaves room
    /// for 3 nodes and the server's own; an explicit Maximum Pool Size in the connection string wins.</summary>
    public const int DefaultMaxPoolSize = 25;

    public static string BoundedPool(string connectionString)
    {
        // Whether the string sets a pool size itself, whichever of Npgsql's spellings it uses (the typed builder cannot
        // tell an explicit 100 from the default, and a password may contain anything).
        var given = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString }.Keys.Cast<string>()
            .Select(k => k.Replace(" ", "", StringComparison.Ordinal).ToLowerInvariant())
            .Any(k => k is "maximumpoolsize" or "maxpoolsize");
        if (given) return connectionString;
        return new Npgsql.NpgsqlConnectionStringBuilder(connectionString) { MaxPoolSize = DefaultMaxPoolSize }.ConnectionString;
    }

    /// <summary>Sets journal_mode=WAL on the database file (creating it if absent).</summary>
    public static void EnableWal(string connectionString)
    {
        using var connection = new SqliteConnection(connectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode=WAL;";
        var mode = command.ExecuteScalar() as string;
        if (!string.Equals(mode, "wal", StringComparison.OrdinalIgnoreCase))
            throw new InvalidOperationException($"SQLite refused WAL mode for {connection.DataSource} (journal_mode={mode})");
    }

    private static Config WithConnection(string connectionString, string provider, Config? providerHocon = null)
    {
        var cs = Quote(connectionString);
        var p = Quote(provider);
        var overrides = ConfigurationFactory.ParseString($$"""
            {{JournalPath}} { connection-string = {{cs}}, provider-name = {{p}} }
            {{SnapshotPath}} { connection-string = {{cs}}, provider-name = {{p}} }
            {{QueryPath}} { connection-string = {{cs}}, provider-name = {{p}} }
            """);
        // The plugin's own reference.conf supplies the table mappings and every key we leave at its default.
        return overrides.WithFallback(providerHocon ?? Config.Empty).WithFallback(SharedHocon).WithFallback(SqlPersistence.DefaultConfiguration);
    }

    /// <summary>A HOCON quoted string: connection strings contain '=', ';' and possibly quotes or backslashes.</summary>
    private static string Quote(string value) =>
        "\"" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";

    internal static string ReadResource(string fileName)
    {
        var assembly = typeof(PersistenceConfig).Assembly;
        var name = assembly.GetManifestResourceNames().Single(n => n.EndsWith("." + fileName, StringComparison.Ordinal));
        using var stream = assembly.GetManifestResourceStream(name)!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
