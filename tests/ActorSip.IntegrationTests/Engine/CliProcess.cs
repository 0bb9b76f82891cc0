using System.Diagnostics;

namespace ActorSip.IntegrationTests.Engine;

/// <summary>Runs the built `actorsip` command as an operator would, and returns its exit code and output.</summary>
public static class CliProcess
{
    public static async Task<(int ExitCode, string Output)> RunAsync(CancellationToken ct, params string[] args)
    {
        var dll = NodeProcess.NodeDll().Replace(Path.Combine("ActorSip.Node", "bin"), Path.Combine("ActorSip.Cli", "bin"))
            .Replace("actorsip-node.dll", "actorsip.dll");
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(dll);
        foreach (var a in args) info.ArgumentList.Add(a);
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync(ct);
        var error = process.StandardError.ReadToEndAsync(ct);
        await process.WaitForExitAsync(ct);
        return (process.ExitCode, await output + await error);
    }
}
