using System.Diagnostics;
using System.Globalization;

namespace ActorSip.IntegrationTests.Peers;

/// <summary>
/// A real Kamailio acting as one provider's digest-authenticating registrar on 127.0.0.1:<see cref="Port"/> (UDP and TCP).
/// Several can run at once, each with its own realm, users, port and temp dir.
/// </summary>
/// <remarks>
/// Started as <c>kamailio -f CFG -DD -E -P PIDFILE -Y RUNDIR -w RUNDIR</c>: -DD keeps the main process in the
/// foreground (it still forks its UDP/TCP workers, timers and the ctl handler), -E logs to stderr, which goes to
/// <see cref="LogPath"/>. The whole process group is killed on dispose (see <see cref="PeerProcess"/>).
/// Set ACTORSIP_KEEP_PEERS=1 to keep the temp dir (config, log) after the test.
/// </remarks>
public sealed class KamailioRegistrar : IAsyncDisposable
{
    private const string Kamailio = "/usr/sbin/kamailio";
    private const string KamCmd = "/usr/sbin/kamcmd";

    private readonly PeerProcess _process;
    private readonly string _ctlSocket;

    private KamailioRegistrar(KamailioOptions options, int port, int tlsPort, string directory, string ctlSocket, PeerProcess process)
    {
        Options = options;
        Port = port;
        TlsPort = tlsPort;
        Directory = directory;
        _ctlSocket = ctlSocket;
        _process = process;
    }

    public KamailioOptions Options { get; }
    public int Port { get; }

    /// <summary>The SIP over TLS port, when <see cref="KamailioOptions.Tls"/> is set; 0 otherwise.</summary>
    public int TlsPort { get; }
    public string Realm => Options.Realm;

    /// <summary>Temp dir holding kamailio.cfg, kamailio.log, the pid file and the ctl socket.</summary>
    public string Directory { get; }

    public string ConfigPath => Path.Combine(Directory, "kamailio.cfg");

    /// <summary>pid of kamailio's main process, from its pid file; it is also the id of the process group all its workers are in.</summary>
    public int MainPid => int.Parse(File.ReadAllText(Path.Combine(Directory, "kamailio.pid")).Trim(), CultureInfo.InvariantCulture);
    public string LogPath => _process.LogPath;

    /// <summary>Kamailio's stderr so far (startup messages, xlog lines).</summary>
    public string Log => _process.Output;

    public static async Task<KamailioRegistrar> StartAsync(KamailioOptions options, CancellationToken ct)
    {
        // A port can be taken between picking it and kamailio binding it; then try another.
        Exception? last = null;
        for (var attempt = 0; attempt < 5; attempt++)
        {
            var dir = System.IO.Directory.CreateTempSubdirectory("actorsip-kamailio-").FullName;
            var port = FreePort.Pick();
            var ctl = Path.Combine(dir, "kamailio_ctl");
            var cfg = Path.Combine(dir, "kamailio.cfg");
            var tlsPort = 0;
            string? tlsCfg = null;
            if (options.Tls is { } tls)
            {
                do tlsPort = FreePort.Pick(); while (tlsPort == port);
                tlsCfg = Path.Combine(dir, "tls.cfg");
                await File.WriteAllTextAsync(tlsCfg, KamailioConfig.RenderTls(tls), ct);
            }
            await File.WriteAllTextAsync(cfg, KamailioConfig.Render(options, port, ctl, tlsPort, tlsCfg), ct);
            string[] args = ["-f", cfg, "-DD", "-E", "-P", Path.Combine(dir, "kamailio.pid"), "-Y", dir, "-w", dir,
                "-m", options.SharedMemoryMb.ToString(CultureInfo.InvariantCulture), "-M", "32"];
            var (program, arguments) = NetworkLab.InNamespace(options.NetworkNamespace, Kamailio, args);
            var process = PeerProcess.Start(program, arguments, dir, Path.Combine(dir, "kamailio.log"));
            var registrar = new KamailioRegistrar(options, port, tlsPort, dir, ctl, process);
            try
            {
                await registrar.WaitUntilReadyAsync(options.StartTimeout, ct);
                return registrar;
            }
            catch (KamailioStartException e) when (e.PortTaken)
            {
                last = e;
                await registrar.DisposeAsync();
            }
            catch
            {
                await registrar.DisposeAsync();
                throw;
            }
        }
        throw new InvalidOperationException("kamailio could not bind a free port in 5 tries", last);
    }

    /// <summary>Polls the ctl socket (kamcmd core.uptime) until kamailio answers; it has bound its SIP sockets by then.</summary>
    private async Task WaitUntilReadyAsync(TimeSpan timeout, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            ct.ThrowIfCancellationRequested();
            if (_process.HasExited)
            {
                var log = _process.Output;
                throw new KamailioStartException(
                    $"kamailio exited during startup (config {ConfigPath}):\n{log}",
                    portTaken: log.Contains("Address already in use", StringComparison.Ordinal));
            }
            if (File.Exists(_ctlSocket))
            {
                var (ok, _) = await TryRpcAsync(["core.uptime"], ct);
                if (ok) return;
            }
            if (clock.Elapsed > timeout)
                throw new KamailioStartException(
                    $"kamailio did not answer on {_ctlSocket} within {timeout.TotalSeconds}s (config {ConfigPath}):\n{_process.Output}",
                    portTaken: false);
            // Polling interval, not a guess at readiness: the loop ends as soon as kamailio answers.
            await Task.Delay(50, ct);
        }
    }

    /// <summary>Runs one kamcmd command against this instance; throws with kamcmd's output when it reports an error.</summary>
    public async Task<string> RpcAsync(IReadOnlyList<string> command, CancellationToken ct = default)
    {
        var (ok, output) = await TryRpcAsync(command, ct);
        if (!ok) throw new InvalidOperationException($"kamcmd {string.Join(' ', command)} failed: {output}");
        return output;
    }

    private async Task<(bool Ok, string Output)> TryRpcAsync(IReadOnlyList<string> command, CancellationToken ct)
    {
        var psi = new ProcessStartInfo(KamCmd)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        psi.ArgumentList.Add("-s");
        psi.ArgumentList.Add("unix:" + _ctlSocket);
        foreach (var c in command) psi.ArgumentList.Add(c);
        using var p = Process.Start(psi)!;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(5));
        var stdout = p.StandardOutput.ReadToEndAsync(timeout.Token);
        var stderr = p.StandardError.ReadToEndAsync(timeout.Token);
        try
        {
            await p.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            p.Kill();
            return (false, "kamcmd timed out");
        }
        var output = await stdout + await stderr;
        // kamcmd exits 0 even when the RPC fails; it prints "error: CODE - reason" instead.
        var ok = p.ExitCode == 0 && !output.StartsWith("error:", StringComparison.Ordinal);
        return (ok, output);
    }

    /// <summary>Contacts registered for an address of record. Kamailio runs with use_domain=0, so only the user part counts:
    /// "alice", "sip:alice@anything" and "alice@anything" all look up "alice".</summary>
    public async Task<IReadOnlyList<RegisteredContact>> LookupAsync(string aor, CancellationToken ct = default)
    {
        var user = aor;
        if (user.StartsWith("sip:", StringComparison.OrdinalIgnoreCase)) user = user[4..];
        var at = user.IndexOf('@');
        if (at >= 0) user = user[..at];
        // kamcmd reads an all-digit argument as an integer; "s:" keeps a telephone-number AOR a string.
        var (ok, output) = await TryRpcAsync(["ul.lookup", "location", "s:" + user], ct);
        if (!ok)
        {
            if (output.Contains("AOR not found", StringComparison.Ordinal)) return [];
            throw new InvalidOperationException($"kamcmd ul.lookup location {user} failed: {output}");
        }
        return RegisteredContact.ParseLookup(output);
    }

    /// <summary>Every address of record with its contacts, in one RPC (<c>ul.dump</c>).</summary>
    public async Task<IReadOnlyDictionary<string, IReadOnlyList<RegisteredContact>>> DumpAsync(CancellationToken ct = default)
    {
        var output = await RpcAsync(["ul.dump"], ct);
        var result = new Dictionary<string, IReadOnlyList<RegisteredContact>>(StringComparer.Ordinal);
        // "AoR: NAME" opens each record; its Contact blocks follow until the next AoR line.
        var parts = output.Split("AoR: ");
        foreach (var part in parts.Skip(1))
        {
            var end = part.IndexOf('\n');
            var aor = (end < 0 ? part : part[..end]).Trim();
            result[aor] = RegisteredContact.ParseLookup(part);
        }
        return result;
    }

    /// <summary>usrloc:registered_users — how many AORs have at least one contact.</summary>
    public async Task<int> RegisteredUsersAsync(CancellationToken ct = default)
    {
        // kamcmd prints nothing for "usrloc:registered_users" but "usrloc:registered_users = 1" for the bare name.
        var output = await RpcAsync(["stats.get_statistics", "registered_users"], ct);
        foreach (var line in output.Split('\n'))
        {
            var parts = line.Split('=', 2, StringSplitOptions.TrimEntries);
            if (parts is ["usrloc:registered_users", var value] && int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n))
                return n;
        }
        throw new InvalidOperationException($"unexpected stats output: {output}");
    }

    /// <summary>Every Authorization header received on a REGISTER so far, oldest first (read from the registrar's <c>log</c> htable).</summary>
    public async Task<IReadOnlyList<AuthAttempt>> AuthAttemptsAsync(CancellationToken ct = default)
    {
        var entries = await LogEntriesAsync("auth", ct);
        return entries
            .Where(e => e.ContainsKey("result"))
            .Select(e => new AuthAttempt(
                e.GetValueOrDefault("user", ""),
                e.GetValueOrDefault("realm", ""),
                Enum.TryParse<AuthResult>(e["result"], out var r) ? r : AuthResult.Other,
                Int(e, "code"),
                e.GetValueOrDefault("callid", ""),
                Int(e, "cseq")))
            .ToList();
    }

    /// <summary>Every REGISTER received so far with the status it was answered with, oldest first.</summary>
    public async Task<IReadOnlyList<RegisterRecord>> RegistersAsync(CancellationToken ct = default)
    {
        var entries = await LogEntriesAsync("reg", ct);
        return entries
            .Where(e => e.ContainsKey("status"))
            .Select(e => new RegisterRecord(e.GetValueOrDefault("callid", ""), Int(e, "cseq"), Int(e, "expires"), Int(e, "auth"), Int(e, "status")))
            .ToList();
    }

    /// <summary>The REGISTER records from the log file's xlog lines instead of the htable: no RPC reply size limit,
    /// so it suits hundreds of bindings. Same fields as <see cref="RegistersAsync"/>, in arrival order.</summary>
    public IReadOnlyList<RegisterRecord> RegistersFromLog()
    {
        var list = new List<RegisterRecord>();
        foreach (var line in Log.Split('\n'))
        {
            var at = line.IndexOf("REGISTER status=", StringComparison.Ordinal);
            if (at < 0) continue;
            var fields = line[at..].Split(' ', StringSplitOptions.RemoveEmptyEntries)
                .Select(f => f.Split('=', 2)).Where(p => p.Length == 2).ToDictionary(p => p[0], p => p[1].Trim());
            list.Add(new RegisterRecord(fields.GetValueOrDefault("callid", ""), Int(fields, "cseq"), Int(fields, "expires"), -1, Int(fields, "status"),
                fields.GetValueOrDefault("from", "")));
        }
        return list;
    }

    private static int Int(Dictionary<string, string> e, string key) =>
        int.TryParse(e.GetValueOrDefault(key), NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : -1;

    /// <summary>Groups "PREFIX.N.field" keys of the log htable by N, ordered by N.</summary>
    private async Task<List<Dictionary<string, string>>> LogEntriesAsync(string prefix, CancellationToken ct)
    {
        var dump = await RpcAsync(["htable.dump", "log"], ct);
        var byIndex = new SortedDictionary<int, Dictionary<string, string>>();
        foreach (var (name, value) in ParseHtableDump(dump))
        {
            var parts = name.Split('.', 3);
            if (parts.Length != 3 || parts[0] != prefix || !int.TryParse(parts[1], out var n)) continue;
            if (!byIndex.TryGetValue(n, out var entry)) byIndex[n] = entry = new Dictionary<string, string>(StringComparer.Ordinal);
            entry[parts[2]] = value;
        }
        return byIndex.Values.ToList();
    }

    /// <summary>Reads the name/value pairs of kamcmd's htable.dump output ("name: K" then "value: V" inside each item).</summary>
    internal static IEnumerable<(string Name, string Value)> ParseHtableDump(string dump)
    {
        string? name = null;
        foreach (var raw in dump.Split('\n'))
        {
            var line = raw.TrimStart('\t', ' ').TrimEnd('\r');
            if (line.StartsWith("name: ", StringComparison.Ordinal)) name = line["name: ".Length..];
            else if (line.StartsWith("value: ", StringComparison.Ordinal) && name is not null)
            {
                yield return (name, line["value: ".Length..]);
                name = null;
            }
        }
    }

    /// <summary>Adds or changes an account at runtime.</summary>
    public Task SetUserAsync(string username, string password, CancellationToken ct = default) =>
        RpcAsync(["htable.sets", "users", username, password], ct);

    /// <summary>Starts or stops dropping every request without an answer.</summary>
    public Task SetDropAllAsync(bool drop, CancellationToken ct = default) =>
        RpcAsync(["htable.seti", "behave", "drop", drop ? "1" : "0"], ct);

    /// <summary>Answers the next <paramref name="count"/> REGISTERs (-1: all, 0: none) with 503 and Retry-After
    /// (no Retry-After header when <paramref name="retryAfterSeconds"/> is 0).</summary>
    public Task SetUnavailableAsync(int count, int retryAfterSeconds, CancellationToken ct = default) =>
        SetFailingAsync(count, 503, retryAfterSeconds, ct);

    /// <summary>Answers the next <paramref name="count"/> REGISTERs (-1: all, 0: none) with <paramref name="status"/>
    /// (408, 500 or 503), before any authentication; Retry-After only when <paramref name="retryAfterSeconds"/> &gt; 0.</summary>
    public async Task SetFailingAsync(int count, int status, int retryAfterSeconds, CancellationToken ct = default)
    {
        if (status is not (408 or 500 or 503)) throw new ArgumentOutOfRangeException(nameof(status), status, "408, 500 or 503");
        await RpcAsync(["htable.seti", "behave", "fail_code", status.ToString(CultureInfo.InvariantCulture)], ct);
        await RpcAsync(["htable.seti", "behave", "retry_after", retryAfterSeconds.ToString(CultureInfo.InvariantCulture)], ct);
        // kamcmd reads "-1" as an option: "all" is a count no test reaches.
        var n = count < 0 ? 1_000_000 : count;
        await RpcAsync(["htable.seti", "behave", "unavailable", n.ToString(CultureInfo.InvariantCulture)], ct);
    }

    /// <summary>423 with Min-Expires: <paramref name="minExpires"/> for authenticated REGISTERs asking for less (0: off).</summary>
    public Task SetIntervalTooBriefBelowAsync(int minExpires, CancellationToken ct = default) =>
        RpcAsync(["htable.seti", "behave", "too_brief_below", minExpires.ToString(CultureInfo.InvariantCulture)], ct);

    /// <summary>Makes <paramref name="username"/> get 403 once authenticated (or lifts that).</summary>
    public Task SetForbiddenAsync(string username, bool forbidden, CancellationToken ct = default) =>
        forbidden
            ? RpcAsync(["htable.seti", "forbidden", username, "1"], ct)
            : RpcAsync(["htable.delete", "forbidden", username], ct);

    public async ValueTask DisposeAsync()
    {
        await _process.DisposeAsync();
        if (Environment.GetEnvironmentVariable("ACTORSIP_KEEP_PEERS") == "1") return;
        try { System.IO.Directory.Delete(Directory, recursive: true); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }

    private sealed class KamailioStartException(string message, bool portTaken) : Exception(message)
    {
        public bool PortTaken { get; } = portTaken;
    }
}
