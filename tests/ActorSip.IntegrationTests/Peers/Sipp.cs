using System.Globalization;

namespace ActorSip.IntegrationTests.Peers;

/// <summary>
/// A running sipp on 127.0.0.1:<see cref="Port"/> playing one scenario, bounded by -m and -timeout,
/// with every message it sends and receives written to <see cref="MessageFilePath"/>.
/// </summary>
/// <remarks>
/// As UAS, <see cref="StartAsync"/> returns once sipp's socket is bound (checked in /proc/net, not by sleeping).
/// sipp's exit codes: 0 all calls succeeded, 1 some call failed, 97 stopped by command, 99 no call processed,
/// 255 fatal error, 254 could not bind.
/// </remarks>
public sealed class Sipp : IAsyncDisposable
{
    private const string Program = "/usr/bin/sipp";

    private readonly PeerProcess _process;

    private Sipp(SippOptions options, int port, string directory, PeerProcess process)
    {
        Options = options;
        Port = port;
        Directory = directory;
        _process = process;
    }

    public SippOptions Options { get; }

    /// <summary>Local port sipp sends from and listens on.</summary>
    public int Port { get; }

    /// <summary>Temp dir with sipp's message, error and output files.</summary>
    public string Directory { get; }

    public string MessageFilePath => Path.Combine(Directory, "messages.log");
    public string ErrorFilePath => Path.Combine(Directory, "errors.log");

    /// <summary>sipp's stdout/stderr so far.</summary>
    public string Output => _process.Output;

    public static string ScenarioPath(string scenario) =>
        Path.IsPathRooted(scenario) ? scenario : Path.Combine(AppContext.BaseDirectory, "Scenarios", scenario);

    public static async Task<Sipp> StartAsync(SippOptions options, CancellationToken ct)
    {
        var scenario = ScenarioPath(options.Scenario);
        if (!File.Exists(scenario)) throw new FileNotFoundException("sipp scenario not found", scenario);
        for (var attempt = 0; ; attempt++)
        {
            var dir = System.IO.Directory.CreateTempSubdirectory("actorsip-sipp-").FullName;
            var port = FreePort.Pick();
            var process = PeerProcess.Start(Program, Arguments(options, scenario, port, dir), dir, Path.Combine(dir, "sipp.out"));
            var sipp = new Sipp(options, port, dir, process);
            try
            {
                await sipp.WaitUntilBoundAsync(ct);
                return sipp;
            }
            catch (SippBindException) when (attempt < 4)
            {
                // Someone took the port between FreePort.Pick and sipp's bind: try another.
                await sipp.DisposeAsync();
            }
            catch
            {
                await sipp.DisposeAsync();
                throw;
            }
        }
    }

    /// <summary>Starts sipp and waits for it to exit; dispose the result when done reading it.</summary>
    public static async Task<Sipp> RunAsync(SippOptions options, CancellationToken ct)
    {
        var sipp = await StartAsync(options, ct);
        await sipp.WaitForExitAsync(ct);
        return sipp;
    }

    private static List<string> Arguments(SippOptions o, string scenario, int port, string dir)
    {
        var args = new List<string>();
        if (o.RemotePort is { } remote) args.Add($"127.0.0.1:{remote}");
        args.AddRange(["-sf", scenario, "-i", "127.0.0.1", "-bind_local", "-p", port.ToString(CultureInfo.InvariantCulture)]);
        args.AddRange(["-t", o.Transport, "-m", o.Calls.ToString(CultureInfo.InvariantCulture), "-s", o.Service]);
        args.AddRange(["-timeout", $"{Math.Max(1, (int)Math.Ceiling(o.Timeout.TotalSeconds))}s", "-timeout_error"]);
        args.AddRange(["-nostdin", "-trace_msg", "-message_file", Path.Combine(dir, "messages.log")]);
        args.AddRange(["-trace_err", "-error_file", Path.Combine(dir, "errors.log")]);
        if (o.AuthUsername is not null) args.AddRange(["-au", o.AuthUsername]);
        if (o.AuthPassword is not null) args.AddRange(["-ap", o.AuthPassword]);
        foreach (var (k, v) in o.Keys) args.AddRange(["-key", k, v]);
        return args;
    }

    private async Task WaitUntilBoundAsync(CancellationToken ct)
    {
        var tcp = Options.Transport.StartsWith('t');
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (!FreePort.IsBound(Port, tcp))
        {
            if (_process.HasExited)
            {
                var code = await _process.WaitForExitAsync(ct);
                if (code == 254 || _process.Output.Contains("Address already in use", StringComparison.Ordinal))
                    throw new SippBindException($"sipp could not bind 127.0.0.1:{Port}:\n{_process.Output}");
                // A UAC may legitimately be done before we look; a UAS that exits before binding has failed.
                if (Options.RemotePort is null || code is 255 or 254)
                    throw new InvalidOperationException($"sipp exited with {code} before listening on 127.0.0.1:{Port}:\n{_process.Output}");
                return;
            }
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"sipp did not bind 127.0.0.1:{Port} within 10s:\n{_process.Output}");
            // Polling interval; the loop ends as soon as the socket shows up.
            await Task.Delay(20, ct);
        }
    }

    /// <summary>Waits for sipp to end (bounded by its own -timeout plus a margin) and returns its exit code.</summary>
    public async Task<int> WaitForExitAsync(CancellationToken ct)
    {
        using var bound = CancellationTokenSource.CreateLinkedTokenSource(ct);
        bound.CancelAfter(Options.Timeout + TimeSpan.FromSeconds(10));
        try
        {
            return await _process.WaitForExitAsync(bound.Token);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new TimeoutException($"sipp ran past its -timeout of {Options.Timeout}:\n{_process.Output}");
        }
    }

    /// <summary>Messages sipp has sent and received so far, in order.</summary>
    public IReadOnlyList<SippMessage> Messages() =>
        File.Exists(MessageFilePath) ? SippMessage.ParseFile(File.ReadAllText(MessageFilePath)) : [];

    public IReadOnlyList<SippMessage> Received() => Messages().Where(m => m.Received).ToList();

    /// <summary>sipp's error file (unexpected messages, failed checks), empty when there is none.</summary>
    public string Errors() => File.Exists(ErrorFilePath) ? File.ReadAllText(ErrorFilePath) : "";

    /// <summary>Everything useful for an assertion message.</summary>
    public string Describe() => $"sipp {Options.Scenario} on port {Port}\n--- output\n{Output}\n--- errors\n{Errors()}\n--- messages\n{(File.Exists(MessageFilePath) ? File.ReadAllText(MessageFilePath) : "")}";

    public async ValueTask DisposeAsync()
    {
        await _process.DisposeAsync();
        if (Environment.GetEnvironmentVariable("ACTORSIP_KEEP_PEERS") == "1") return;
        try { System.IO.Directory.Delete(Directory, recursive: true); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }

    private sealed class SippBindException(string message) : Exception(message);
}
