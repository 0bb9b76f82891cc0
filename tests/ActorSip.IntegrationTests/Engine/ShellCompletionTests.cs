using System.Diagnostics;

namespace ActorSip.IntegrationTests.Engine;

/// <summary>`source <(actorsip completion bash)` in a real bash completes palettes and verbs, with or without a
/// leading HOST:PORT.</summary>
public sealed class ShellCompletionTests
{
    [Theory]
    [InlineData("actorsip cluster-sharding reg", "region-stats regions")]
    [InlineData("actorsip 127.0.0.1:9110 cluster do", "down down-unreachable")]
    [InlineData("actorsip sh", "show")]
    public async Task Bash_completion_asks_actorsip_for_the_candidates(string line, string expected)
    {
        var dll = NodeProcess.NodeDll().Replace(Path.Combine("ActorSip.Node", "bin"), Path.Combine("ActorSip.Cli", "bin")).Replace("actorsip-node.dll", "actorsip.dll");
        var words = line.Split(' ');
        var script = $"""
            actorsip() {'{'} dotnet '{dll}' "$@"; {'}'}
            source <(actorsip completion bash)
            COMP_LINE='{line}'; COMP_POINT=${'{'}#COMP_LINE{'}'}; COMP_WORDS=({line}); COMP_CWORD={words.Length - 1}
            _actorsip; echo "${'{'}COMPREPLY[*]{'}'}"
            """;
        var info = new ProcessStartInfo("bash") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        using var bash = Process.Start(info)!;
        await bash.StandardInput.WriteAsync(script);
        bash.StandardInput.Close();
        var output = await bash.StandardOutput.ReadToEndAsync();
        var error = await bash.StandardError.ReadToEndAsync();
        await bash.WaitForExitAsync();
        Assert.True(bash.ExitCode == 0, error);
        Assert.Equal(expected, output.Trim());
    }
}
