using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;

namespace ActorSip.IntegrationTests.Peers;

/// <summary>
/// A peer program (kamailio, sipp) run in a process group of its own, so that it and every process it forks
/// end together — on <see cref="DisposeAsync"/>, and also when the test host dies without disposing.
/// </summary>
/// <remarks>
/// The peer is started by a small bash wrapper: <c>set -m</c> puts the peer in a new process group (pgid = its pid),
/// and a watchdog reads the wrapper's stdin, which only the test host writes to. When the host closes that pipe
/// (dispose) or dies (the kernel closes it), the watchdog kills the whole group.
/// Everything the peer writes to stdout and stderr goes to <see cref="LogPath"/>.
/// </remarks>
public sealed class PeerProcess : IAsyncDisposable
{
    private const string Wrapper = """
        set -m
        exec 3<&0
        "$@" </dev/null 3<&- &
        peer=$!
        echo "actorsip-peer-pgid $peer"
        { cat <&3 >/dev/null 2>&1; kill -KILL -$peer 2>/dev/null; } </dev/null >/dev/null 2>&1 &
        exec 3<&-
        wait $peer
        """;

    private readonly Process _process;
    private readonly StreamWriter _log;
    private readonly object _gate = new();
    private readonly StringBuilder _output = new();
    private readonly TaskCompletionSource<int> _pgid = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _outputClosed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _errorClosed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _disposed;

    private PeerProcess(Process process, string logPath)
    {
        _process = process;
        LogPath = logPath;
        _log = new StreamWriter(logPath, append: true) { AutoFlush = true };
    }

    /// <summary>File that receives the peer's stdout and stderr, line by line.</summary>
    public string LogPath { get; }

    public bool HasExited => _process.HasExited;

    /// <summary>Peer's output so far (stdout and stderr interleaved as read).</summary>
    public string Output
    {
        get { lock (_gate) return _output.ToString(); }
    }

    public static PeerProcess Start(string program, IEnumerable<string> arguments, string workingDirectory, string logPath)
    {
        var psi = new ProcessStartInfo("/bin/bash")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        psi.ArgumentList.Add("-c");
        psi.ArgumentList.Add(Wrapper);
        psi.ArgumentList.Add("actorsip-peer"); // $0 of the wrapper
        psi.ArgumentList.Add(program);
        foreach (var a in arguments) psi.ArgumentList.Add(a);

        var process = new Process { StartInfo = psi, EnableRaisingEvents = true };
        var peer = new PeerProcess(process, logPath);
        peer.Append($"$ {program} {string.Join(' ', arguments)}");
        process.OutputDataReceived += (_, e) => peer.OnLine(e.Data, peer._outputClosed);
        process.ErrorDataReceived += (_, e) => peer.OnLine(e.Data, peer._errorClosed);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return peer;
    }

    private void OnLine(string? line, TaskCompletionSource closed)
    {
        if (line is null)
        {
            closed.TrySetResult();
            return;
        }
        const string marker = "actorsip-peer-pgid ";
        if (line.StartsWith(marker, StringComparison.Ordinal) && int.TryParse(line.AsSpan(marker.Length), out var pgid))
        {
            _pgid.TrySetResult(pgid);
            return;
        }
        Append(line);
    }

    private void Append(string line)
    {
        lock (_gate)
        {
            _output.AppendLine(line);
            if (_disposed == 0) _log.WriteLine(line);
        }
    }

    /// <summary>Waits for the peer to exit and returns its exit code.</summary>
    public async Task<int> WaitForExitAsync(CancellationToken ct)
    {
        await _process.WaitForExitAsync(ct);
        // The wrapper exits with the peer's code once the peer is gone; let the readers drain what it printed.
        await Task.WhenAll(_outputClosed.Task, _errorClosed.Task).WaitAsync(TimeSpan.FromSeconds(5), ct);
        return _process.ExitCode;
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int kill(int pid, int sig);

    private const int SIGTERM = 15;
    private const int SIGKILL = 9;

    /// <summary>Asks the peer's whole process group to stop (SIGTERM), then kills what is left (SIGKILL).</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        if (_pgid.Task.IsCompletedSuccessfully)
        {
            var pgid = _pgid.Task.Result;
            if (!_process.HasExited)
            {
                kill(-pgid, SIGTERM);
                try { await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(3)); }
                catch (TimeoutException) { }
            }
            // Children that ignored SIGTERM or outlived the main process.
            kill(-pgid, SIGKILL);
        }
        // Closing the wrapper's stdin fires the watchdog too (it covers the case where the pgid line never arrived).
        try { _process.StandardInput.Close(); } catch (IOException) { } catch (InvalidOperationException) { }
        try { await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(5)); }
        catch (TimeoutException) { try { _process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { } }
        lock (_gate) _log.Dispose();
        _process.Dispose();
    }
}
