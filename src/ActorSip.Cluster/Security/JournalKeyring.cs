using System.Collections.Immutable;
using Microsoft.Data.Sqlite;
using ActorSip.Cluster.Persistence;

namespace ActorSip.Cluster.Security;

/// <summary>
/// The keys this node can use: <see cref="Current"/> encrypts, every key (current and older) decrypts, so a key can
/// be rotated without rewriting the journal. <see cref="Load"/> finds them in the environment or the data dir.
/// </summary>
public sealed class JournalKeyring
{
    public const string KeyVariable = "ACTORSIP_JOURNAL_KEY";
    public const string OldKeysVariable = "ACTORSIP_JOURNAL_OLD_KEYS";
    public const string KeyFileName = "journal.key";

    private readonly ImmutableDictionary<string, JournalKey> _byId;

    public JournalKeyring(JournalKey current, IEnumerable<JournalKey> older, string dataDir)
    {
        Current = current;
        DataDir = dataDir;
        var all = ImmutableDictionary.CreateBuilder<string, JournalKey>(StringComparer.Ordinal);
        foreach (var key in older) all[key.Id] = key;
        all[current.Id] = current;
        _byId = all.ToImmutable();
    }

    public JournalKey Current { get; }

    /// <summary>Where the journal lives; named in error messages so an operator knows which node's key is wrong.</summary>
    public string DataDir { get; }

    public IReadOnlyCollection<string> KeyIds => _byId.Keys.ToList();

    public bool TryGet(string keyId, out JournalKey key) => _byId.TryGetValue(keyId, out key!);

    /// <summary>
    /// <see cref="KeyVariable"/> (base64 of 32 bytes) wins; otherwise {dataDir}/journal.key; otherwise a new key is
    /// written there (mode 0600) — unless the journal already has events, which were then written with a key that
    /// is gone: refuse to start rather than write secrets nobody can read back. <see cref="OldKeysVariable"/>
    /// (comma-separated base64) adds decrypt-only keys in every case.
    /// </summary>
    public static JournalKeyring Load(string dataDir, Func<string, string?>? environment = null)
    {
        environment ??= Environment.GetEnvironmentVariable;
        var older = (environment(OldKeysVariable) ?? "")
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(k => JournalKey.FromBase64(k, OldKeysVariable))
            .ToList();
        return new JournalKeyring(LoadCurrent(dataDir, environment), older, dataDir);
    }

    private static JournalKey LoadCurrent(string dataDir, Func<string, string?> environment)
    {
        if (environment(KeyVariable) is { Length: > 0 } fromEnv) return JournalKey.FromBase64(fromEnv, KeyVariable);

        var keyFile = Path.Combine(dataDir, KeyFileName);
        if (File.Exists(keyFile)) return JournalKey.FromBase64(File.ReadAllText(keyFile), keyFile);

        if (JournalHasEvents(dataDir))
            throw new JournalKeyException(
                $"the journal in {dataDir} has events but no journal key was found: set {KeyVariable} or restore {keyFile}");

        Directory.CreateDirectory(dataDir);
        var key = JournalKey.Generate();
        // Created with 0600 in the same call (no moment where it is world-readable); CreateNew so that two
        // processes starting at once cannot both write a key and one of them lose.
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        using (var stream = new FileStream(keyFile, options))
        using (var writer = new StreamWriter(stream))
        {
            writer.Write(key.ToBase64());
        }
        // The umask can only remove bits; set the mode explicitly anyway in case the file system ignored it.
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(keyFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        return key;
    }

    /// <summary>True when {dataDir}/actorsip.db has a journal table with at least one row.</summary>
    internal static bool JournalHasEvents(string dataDir)
    {
        var path = PersistenceConfig.DatabasePath(dataDir);
        if (!File.Exists(path)) return false;
        var cs = new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly }.ToString();
        using var connection = new SqliteConnection(cs);
        connection.Open();
        using var exists = connection.CreateCommand();
        exists.CommandText = "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'journal'";
        if (Convert.ToInt64(exists.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) == 0) return false;
        using var any = connection.CreateCommand();
        any.CommandText = "SELECT EXISTS (SELECT 1 FROM journal)";
        return Convert.ToInt64(any.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) != 0;
    }
}
