using ActorSip.Cluster.Security;
using Microsoft.Data.Sqlite;

namespace ActorSip.Cluster.Tests;

public sealed class JournalKeyTests : IDisposable
{
    private static readonly Func<string, string?> NoEnvironment = _ => null;

    private readonly TempDataDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Protect_then_unprotect_with_the_same_associated_data()
    {
        var protector = new SecretProtector(JournalKeyring.Load(_dir.Path, NoEnvironment));
        var secret = protector.Protect("S3cret-Grep-Me", "credential-1111/*");

        Assert.Equal(protector.CurrentKeyId, secret.KeyId);
        Assert.Equal(12, Convert.FromBase64String(secret.Nonce).Length);
        Assert.Equal(16, Convert.FromBase64String(secret.Tag).Length);
        Assert.Equal("S3cret-Grep-Me", protector.Unprotect(secret, "credential-1111/*"));
        // A fresh nonce each time: the same password never gives the same ciphertext.
        var again = protector.Protect("S3cret-Grep-Me", "credential-1111/*");
        Assert.NotEqual(secret.Nonce, again.Nonce);
        Assert.NotEqual(secret.Ciphertext, again.Ciphertext);
    }

    [Fact]
    public void A_ciphertext_moved_to_another_entity_does_not_decrypt()
    {
        var protector = new SecretProtector(JournalKeyring.Load(_dir.Path, NoEnvironment));
        var secret = protector.Protect("S3cret-Grep-Me", "credential-1111/*");
        var e = Assert.Throws<JournalKeyException>(() => protector.Unprotect(secret, "credential-2222/*"));
        Assert.DoesNotContain("S3cret", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Wrong_key_is_a_typed_error_naming_the_data_dir_and_the_variable_but_not_the_key()
    {
        var a = JournalKey.Generate();
        var b = JournalKey.Generate();
        var secret = new SecretProtector(Keyring(a)).Protect("S3cret-Grep-Me", "credential-1111/*");

        var e = Assert.Throws<JournalKeyException>(() => new SecretProtector(Keyring(b)).Unprotect(secret, "credential-1111/*"));
        Assert.Contains(_dir.Path, e.Message, StringComparison.Ordinal);
        Assert.Contains(JournalKeyring.KeyVariable, e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(a.ToBase64(), e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(b.ToBase64(), e.Message, StringComparison.Ordinal);

        // Same key id, different bytes (a forged or corrupted row): the tag check fails, also typed.
        var tampered = secret with { Ciphertext = Convert.ToBase64String(new byte[Convert.FromBase64String(secret.Ciphertext).Length]) };
        Assert.Throws<JournalKeyException>(() => new SecretProtector(Keyring(a)).Unprotect(tampered, "credential-1111/*"));
    }

    [Fact]
    public void Rotation_current_key_encrypts_old_keys_still_decrypt()
    {
        var old = JournalKey.Generate();
        var current = JournalKey.Generate();
        var written = new SecretProtector(Keyring(old)).Protect("S3cret-Grep-Me", "p");
        var env = new Dictionary<string, string?>
        {
            [JournalKeyring.KeyVariable] = current.ToBase64(),
            [JournalKeyring.OldKeysVariable] = $"{JournalKey.Generate().ToBase64()}, {old.ToBase64()}",
        };
        var rotated = new SecretProtector(JournalKeyring.Load(_dir.Path, k => env.GetValueOrDefault(k)));

        Assert.Equal("S3cret-Grep-Me", rotated.Unprotect(written, "p"));
        Assert.Equal(current.Id, rotated.Protect("x", "p").KeyId);
        Assert.NotEqual(old.Id, current.Id);
    }

    [Fact]
    public void Key_file_is_created_once_with_mode_0600_and_reused()
    {
        var first = JournalKeyring.Load(_dir.Path, NoEnvironment);
        var file = Path.Combine(_dir.Path, JournalKeyring.KeyFileName);

        Assert.True(File.Exists(file));
        if (!OperatingSystem.IsWindows())
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
        Assert.Equal(32, Convert.FromBase64String(File.ReadAllText(file)).Length);
        Assert.Equal(first.Current.Id, JournalKeyring.Load(_dir.Path, NoEnvironment).Current.Id);
    }

    [Fact]
    public void Environment_key_wins_and_no_key_file_is_written()
    {
        var key = JournalKey.Generate();
        var ring = JournalKeyring.Load(_dir.Path, k => k == JournalKeyring.KeyVariable ? key.ToBase64() : null);
        Assert.Equal(key.Id, ring.Current.Id);
        Assert.False(File.Exists(Path.Combine(_dir.Path, JournalKeyring.KeyFileName)));
    }

    [Fact]
    public void Malformed_environment_key_is_a_typed_error_without_the_value()
    {
        var e = Assert.Throws<JournalKeyException>(() => JournalKeyring.Load(_dir.Path, k => k == JournalKeyring.KeyVariable ? "bm90LTMyLWJ5dGVz" : null));
        Assert.Contains(JournalKeyring.KeyVariable, e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("bm90LTMyLWJ5dGVz", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_key_with_an_existing_journal_is_a_typed_error()
    {
        // A journal with a row, as Akka.Persistence.Sql leaves it, and no key anywhere (key file lost).
        using (var connection = new SqliteConnection($"Data Source={_dir.Database}"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "CREATE TABLE journal (ordering INTEGER PRIMARY KEY, persistence_id TEXT); INSERT INTO journal (persistence_id) VALUES ('credential-1111/*');";
            command.ExecuteNonQuery();
        }
        SqliteConnection.ClearAllPools();

        var e = Assert.Throws<JournalKeyException>(() => JournalKeyring.Load(_dir.Path, NoEnvironment));
        Assert.Contains(_dir.Path, e.Message, StringComparison.Ordinal);
        Assert.Contains(JournalKeyring.KeyVariable, e.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_dir.Path, JournalKeyring.KeyFileName)));
    }

    [Fact]
    public void Empty_journal_without_key_gets_a_new_key()
    {
        using (var connection = new SqliteConnection($"Data Source={_dir.Database}"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "CREATE TABLE journal (ordering INTEGER PRIMARY KEY, persistence_id TEXT);";
            command.ExecuteNonQuery();
        }
        SqliteConnection.ClearAllPools();
        Assert.NotNull(JournalKeyring.Load(_dir.Path, NoEnvironment).Current);
    }

    private JournalKeyring Keyring(JournalKey key) => new(key, [], _dir.Path);
}
