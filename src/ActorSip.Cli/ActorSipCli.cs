using System.CommandLine;
using ActorSip.Cli.Commands;

namespace ActorSip.Cli;

/// <summary>The command tree, built once per run; tests drive it in-process through <see cref="RunAsync"/>.</summary>
public static class ActorSipCli
{
    public static RootCommand Build()
    {
        var root = new RootCommand("actorsip: manage ActorSip registration clusters and troubleshoot SIP trunks");
        root.Subcommands.Add(SipPalette.Create());
        root.Subcommands.Add(ConfigPalette.Create());
        root.Subcommands.Add(ShowPalette.Create());
        root.Subcommands.Add(ClusterPalette.Create());
        return root;
    }

    /// <summary>Exit codes: what the command returns (0 ok, 1 a negative verdict), 2 for usage errors.</summary>
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error)
    {
        var parse = Build().Parse(args);
        var config = new InvocationConfiguration { Output = output, Error = error };
        if (parse.Errors.Count > 0 && !IsHelp(args))
        {
            foreach (var e in parse.Errors) await error.WriteLineAsync("actorsip: " + e.Message);
            await error.WriteLineAsync("try 'actorsip --help'");
            return 2;
        }
        return await parse.InvokeAsync(config);
    }

    private static bool IsHelp(string[] args) => args.Any(a => a is "-h" or "--help" or "-?");
}
