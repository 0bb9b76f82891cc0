namespace ActorSip.IntegrationTests.Peers;

/// <summary>
/// A throwaway PostgreSQL server for the multi-node journal: its own data directory (initdb), a free port on
/// 127.0.0.1, trust authentication, stopped and deleted on dispose. PostgreSQL refuses to run as root, so the
/// server runs as the `postgres` user that Debian's package creates.
/// </summary>
public sealed class PostgresServer : IAsyncDisposable
{
    private readonly string _dir;
    private readonly string _bin;

    private PostgresServer(string dir, string bin, int port, string address)
    {
        _dir = dir;
        _bin = bin;
        Port = port;
        Address = address;
    }

    public int Port { get; }

    /// <summary>The one address it listens on: 127.0.0.1, or a <see cref="NetworkLab"/> hub address.</summary>
    public string Address { get; }

    public string ConnectionString => $"Host={Address};Port={Port};Username=postgres;Database=postgres;Pooling=true";

    /// <param name="address">Address to listen on.</param>
    /// <param name="networkNamespace">Namespace to run the server in (a <see cref="NetworkLab"/>'s hub); null: the test's own.</param>
    public static async Task<PostgresServer> StartAsync(CancellationToken ct, string address = "127.0.0.1", string? networkNamespace = null)
    {
        var bin = Directory.GetDirectories("/usr/lib/postgresql").OrderDescending().Select(d => Path.Combine(d, "bin"))
            .FirstOrDefault(d => File.Exists(Path.Combine(d, "initdb")))
            ?? throw new InvalidOperationException("PostgreSQL server binaries not found under /usr/lib/postgresql (apt-get install postgresql)");
        var dir = Directory.CreateTempSubdirectory("actorsip-pg-").FullName;
        await Command.RunAsync("chown", ["postgres:postgres", dir], ct);
        var data = Path.Combine(dir, "data");
        await Command.RunAsync("runuser", ["-u", "postgres", "--", Path.Combine(bin, "initdb"), "-D", data, "-A", "trust", "-U", "postgres", "--no-sync"], ct);
        // Trust also for clients on the listen address's own subnet (a network lab's hosts), not only loopback.
        if (address != "127.0.0.1")
            await File.AppendAllTextAsync(Path.Combine(data, "pg_hba.conf"), "host all all samenet trust\n", ct);
        for (var attempt = 0; ; attempt++)
        {
            var port = FreePort.Pick();
            try
            {
                var (program, arguments) = NetworkLab.InNamespace(networkNamespace, "runuser", ["-u", "postgres", "--", Path.Combine(bin, "pg_ctl"), "-D", data,
                    "-l", Path.Combine(dir, "server.log"), "-w", "-t", "30",
                    "-o", $"-p {port} -k {dir} -c listen_addresses={address} -c fsync=off -c max_connections=200", "start"]);
                await Command.RunAsync(program, arguments, ct);
                return new PostgresServer(dir, bin, port, address);
            }
            catch (InvalidOperationException) when (attempt < 3)
            {
            }
        }
    }

    /// <summary>pg_dump of the whole database as SQL text (what a backup of the shared journal holds).</summary>
    public async Task<string> DumpAsync(CancellationToken ct)
    {
        var file = Path.Combine(_dir, "dump.sql");
        await Command.RunAsync("runuser", ["-u", "postgres", "--", Path.Combine(_bin, "pg_dump"), "-h", "127.0.0.1", "-p", Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "-U", "postgres", "-f", file, "postgres"], ct);
        return await File.ReadAllTextAsync(file, ct);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await Command.RunAsync("runuser", ["-u", "postgres", "--", Path.Combine(_bin, "pg_ctl"), "-D", Path.Combine(_dir, "data"), "-m", "immediate", "stop"], CancellationToken.None);
        }
        catch (InvalidOperationException)
        {
        }
        Directory.Delete(_dir, recursive: true);
    }
}
