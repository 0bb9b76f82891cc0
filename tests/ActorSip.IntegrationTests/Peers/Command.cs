using System.Diagnostics;

namespace ActorSip.IntegrationTests.Peers;

/// <summary>Runs a short helper program (ip, runuser, pg_ctl ...) to completion; a non-zero exit throws with its output.</summary>
public static class Command
{
    public static async Task<string> RunAsync(string program, IEnumerable<string> args, CancellationToken ct, string? hint = null)
    {
        var info = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) info.ArgumentList.Add(a);
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync(ct);
        var error = process.StandardError.ReadToEndAsync(ct);
        await process.WaitForExitAsync(ct);
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{program} {string.Join(' ', info.ArgumentList)} failed ({process.ExitCode}): {await output}{await error}{hint}");
        return await output;
    }
}
