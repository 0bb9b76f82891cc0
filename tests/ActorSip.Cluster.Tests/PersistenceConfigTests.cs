using ActorSip.Cluster.Persistence;

namespace ActorSip.Cluster.Tests;

public sealed class PersistenceConfigTests : IDisposable
{
    private readonly TempDataDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Sqlite_config_names_the_plugins_provider_tag_mode_and_the_file()
    {
        var config = PersistenceConfig.Sqlite(_dir.Path);

        Assert.Equal("akka.persistence.journal.sql", config.GetString("akka.persistence.journal.plugin"));
        Assert.Equal("akka.persistence.snapshot-store.sql", config.GetString("akka.persistence.snapshot-store.plugin"));
        foreach (var path in new[] { "akka.persistence.journal.sql", "akka.persistence.snapshot-store.sql", "akka.persistence.query.journal.sql" })
        {
            Assert.Equal("SQLite.MS", config.GetString(path + ".provider-name"));
            Assert.Contains(_dir.Database, config.GetString(path + ".connection-string"), StringComparison.Ordinal);
        }
        Assert.Equal("Csv", config.GetString("akka.persistence.journal.sql.tag-write-mode"));
        Assert.Equal("Csv", config.GetString("akka.persistence.query.journal.sql.tag-read-mode"));
        Assert.Equal("akka.persistence.journal.sql", config.GetString("akka.persistence.query.journal.sql.write-plugin"));
        Assert.True(config.GetBoolean("akka.persistence.journal.sql.auto-initialize"));
        // SQLite: reads in deferred transactions, one writer (persistence.sqlite.conf says why).
        foreach (var path in new[] { "akka.persistence.journal.sql", "akka.persistence.snapshot-store.sql", "akka.persistence.query.journal.sql" })
            Assert.Equal("read-uncommitted", config.GetString(path + ".read-isolation-level"));
        Assert.Equal(1, config.GetInt("akka.persistence.journal.sql.parallelism"));
        // The plugin's reference config is underneath: its class is there.
        Assert.Equal("Akka.Persistence.Sql.Journal.SqlWriteJournal, Akka.Persistence.Sql", config.GetString("akka.persistence.journal.sql.class"));
    }

    [Fact]
    public void Sqlite_file_is_in_wal_mode_before_the_actor_system_starts()
    {
        PersistenceConfig.Sqlite(_dir.Path);
        using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={_dir.Database}");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode;";
        Assert.Equal("wal", command.ExecuteScalar() as string);
    }

    [Fact]
    public void Postgres_config_uses_the_postgres_provider_and_the_given_connection_string()
    {
        const string cs = "Host=db;Database=actorsip;Username=actorsip;Password=p\"w";
        var config = PersistenceConfig.Postgres(cs);
        Assert.Equal("PostgreSQL.15", config.GetString("akka.persistence.journal.sql.provider-name"));
        Assert.Equal("PostgreSQL.15", config.GetString("akka.persistence.query.journal.sql.provider-name"));
        var used = new Npgsql.NpgsqlConnectionStringBuilder(config.GetString("akka.persistence.snapshot-store.sql.connection-string"));
        Assert.Equal(("db", "actorsip", "actorsip", "p\"w"), (used.Host, used.Database, used.Username, used.Password));
        Assert.Equal(PersistenceConfig.DefaultMaxPoolSize, used.MaxPoolSize);
        Assert.Equal("Csv", config.GetString("akka.persistence.journal.sql.tag-write-mode"));
        // None of SQLite's single-writer workarounds: the plugin's own transactions and writers.
        foreach (var path in new[] { "akka.persistence.journal.sql", "akka.persistence.snapshot-store.sql", "akka.persistence.query.journal.sql" })
            Assert.Equal("unspecified", config.GetString(path + ".read-isolation-level"));
        Assert.Equal(3, config.GetInt("akka.persistence.journal.sql.parallelism"));
    }

    [Theory]
    [InlineData("Host=db;Maximum Pool Size=80", 80)]
    [InlineData("Host=db;MaxPoolSize=7", 7)]
    [InlineData("Host=db", PersistenceConfig.DefaultMaxPoolSize)]
    public void The_postgres_pool_is_bounded_unless_the_connection_string_says_otherwise(string cs, int expected) =>
        Assert.Equal(expected, new Npgsql.NpgsqlConnectionStringBuilder(PersistenceConfig.BoundedPool(cs)).MaxPoolSize);
}
