using System.Diagnostics;
using System.Net;
using System.Text;

namespace ActorSip.IntegrationTests.Engine;

/// <summary>
/// A real <c>actorsip-node</c> process, as an operator runs it: started with command-line options, read through its
/// output, stopped with SIGTERM or killed with SIGKILL (kill -9) to test crash recovery.
/// </summary>
public sealed class NodeProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly TaskCompletionSource<string> _running = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private NodeProcess(Process process)
    {
        _process = process;
    }

    public string Output
    {
        get
        {
            lock (_output) return _output.ToString();
        }
    }

    public int ExitCode => _process.ExitCode;

    public bool HasExited => _process.HasExited;

    public int Pid => _process.Id;

    /// <summary>The management endpoint the node printed (it listens on a free port in tests).</summary>
    public Uri? Management { get; private set; }

    public static string NodeDll()
    {
        // Same configuration as this test assembly (Release in CI).
        var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Debug{Path.DirectorySeparatorChar}") ? "Debug" : "Release";
        var dll = Path.Combine(RepositoryRoot(), "src", "ActorSip.Node", "bin", configuration, "net10.0", "actorsip-node.dll");
        return File.Exists(dll) ? dll : throw new FileNotFoundException("actorsip-node is not built", dll);
    }

    /// <summary>The checkout this test assembly was built in (the folder holding ActorSip.sln).</summary>
    public static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "ActorSip.sln"))) return dir.FullName;
        throw new DirectoryNotFoundException("repository root not found");
    }

    /// <summary>Starts the node and waits until it says it is running (or exits). Ports are free ones unless given.</summary>
    /// <param name="networkNamespace">A network namespace to run the node in (<see cref="Peers.NetworkLab"/>); null: the test's own.</param>
    public static async Task<NodeProcess> StartAsync(IEnumerable<string> arguments, CancellationToken ct, IDictionary<string, string>? environment = null,
        string? networkNamespace = null)
    {
        var node = Launch(arguments, environment, networkNamespace);
        var state = await node._running.Task.WaitAsync(ct);
        if (state != "running")
        {
            await node._process.WaitForExitAsync(ct);
            throw new InvalidOperationException($"actorsip-node did not start (exit {node._process.ExitCode}):\n{node.Output}");
        }
        return node;
    }

    /// <summary>Starts the node without waiting: crash tests kill it at any moment, also before it says it runs.</summary>
    public static NodeProcess Launch(IEnumerable<string> arguments, IDictionary<string, string>? environment = null, string? networkNamespace = null)
    {
        var (program, argv) = Peers.NetworkLab.InNamespace(networkNamespace, "dotnet", [NodeDll(), .. arguments]);
        var info = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in argv) info.ArgumentList.Add(a);
        foreach (var (k, v) in environment ?? new Dictionary<string, string>()) info.Environment[k] = v;
        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var node = new NodeProcess(process);
        process.OutputDataReceived += (_, e) => node.OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => node.OnLine(e.Data);
        process.Exited += (_, _) => node._running.TrySetResult("exited");
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return node;
    }

    /// <summary>True once the node printed its running line (its configuration was acknowledged by then).</summary>
    public bool IsRunning => _running.Task.IsCompletedSuccessfully && _running.Task.Result == "running";

    /// <summary>For a node started with <see cref="Launch"/>: waits until it says it is running; false when it exited first.</summary>
    public async Task<bool> WaitUntilRunningAsync(CancellationToken ct) => await _running.Task.WaitAsync(ct) == "running";

    private void OnLine(string? line)
    {
        if (line is null) return;
        lock (_output) _output.AppendLine(line);
        // --log-format json: the same line is the Message of a JSON object.
        if (line.StartsWith('{'))
        {
            try
            {
                using var json = System.Text.Json.JsonDocument.Parse(line);
                if (json.RootElement.TryGetProperty("Message", out var message) && message.GetString() is { } text) line = text;
            }
            catch (System.Text.Json.JsonException)
            {
            }
        }
        const string marker = "://";
        if (line.StartsWith("actorsip-node running", StringComparison.Ordinal))
        {
            // "management http://ADDR:PORT," or "management https://ADDR:PORT," with --management-cert.
            var at = line.IndexOf("management http", StringComparison.Ordinal);
            if (at >= 0)
            {
                var scheme = line.AsSpan(at + "management ".Length).StartsWith("https") ? "https" : "http";
                var rest = line[(line.IndexOf(marker, at, StringComparison.Ordinal) + marker.Length)..];
                Management = new Uri(scheme + "://" + rest[..rest.IndexOf(',', StringComparison.Ordinal)] + "/");
            }
            _running.TrySetResult("running");
        }
    }

    /// <summary>kill -9: no shutdown hooks, no leaving the cluster, nothing flushed beyond what was committed.</summary>
    public async Task KillAsync()
    {
        if (_process.HasExited) return;
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

    /// <summary>SIGTERM, as systemd or Kubernetes stop a node; returns the exit code.</summary>
    public async Task<int> TerminateAsync(TimeSpan timeout)
    {
        if (!_process.HasExited)
        {
            using var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
            await kill!.WaitForExitAsync();
            using var cts = new CancellationTokenSource(timeout);
            await _process.WaitForExitAsync(cts.Token);
        }
        return _process.ExitCode;
    }

    public async Task<string> GetAsync(string path, CancellationToken ct)
    {
        using var http = new HttpClient();
        return await http.GetStringAsync(new Uri(Management!, path), ct);
    }

    public async Task<string> PostAsync(string path, CancellationToken ct)
    {
        using var http = new HttpClient();
        using var response = await http.PostAsync(new Uri(Management!, path), null, ct);
        return await response.Content.ReadAsStringAsync(ct);
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        // ACTORSIP_TEST_LOGS=DIR keeps every node's whole output (a failed load-size run shows only tails).
        if (Environment.GetEnvironmentVariable("ACTORSIP_TEST_LOGS") is { Length: > 0 } dir)
        {
            Directory.CreateDirectory(dir);
            await File.WriteAllTextAsync(Path.Combine(dir, $"node-{DateTime.UtcNow:HHmmss}-{_process.Id}.log"), Output);
        }
        _process.Dispose();
    }

    public static IPEndPoint Loopback(int port) => new(IPAddress.Loopback, port);
}
