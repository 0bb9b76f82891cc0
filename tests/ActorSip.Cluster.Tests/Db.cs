using Microsoft.Data.Sqlite;

namespace ActorSip.Cluster.Tests;

/// <summary>Direct reads of the journal file, to check what Akka.Persistence.Sql really wrote.</summary>
internal static class Db
{
    public static List<(long SequenceNr, string Manifest, long SerializerId, byte[] Message)> JournalRows(string database, string persistenceId)
    {
        using var connection = Open(database);
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT sequence_number, manifest, identifier, message FROM journal WHERE persistence_id = $id ORDER BY sequence_number";
        command.Parameters.AddWithValue("$id", persistenceId);
        using var reader = command.ExecuteReader();
        var rows = new List<(long, string, long, byte[])>();
        while (reader.Read()) rows.Add((reader.GetInt64(0), reader.GetString(1), reader.GetInt64(2), (byte[])reader[3]));
        return rows;
    }

    public static long Scalar(string database, string sql)
    {
        using var connection = Open(database);
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Every byte SQLite has on disk for the database: the main file, the WAL and its index.</summary>
    public static byte[] AllFileBytes(string database)
    {
        using var all = new MemoryStream();
        foreach (var path in new[] { database, database + "-wal", database + "-shm", database + "-journal" })
        {
            if (!File.Exists(path)) continue;
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            stream.CopyTo(all);
        }
        return all.ToArray();
    }

    private static SqliteConnection Open(string database)
    {
        var connection = new SqliteConnection($"Data Source={database}");
        connection.Open();
        return connection;
    }
}
