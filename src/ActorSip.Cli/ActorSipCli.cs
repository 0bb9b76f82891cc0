using System.CommandLine;
using System.Globalization;
using ActorSip.Cli.Commands;

namespace ActorSip.Cli;

/// <summary>The command tree, built once per run; tests drive it in-process through <see cref="RunAsync"/>.</summary>
public static class ActorSipCli
{
    public static RootCommand Build()
    {
        var root = new RootCommand("actorsip [HOST:PORT] <command>: manage ActorSip registration clusters and troubleshoot SIP trunks (HOST:PORT alone opens a prompt)");
        root.Subcommands.Add(SipPalette.Create());
        root.Subcommands.Add(ConfigPalette.Create());
        root.Subcommands.Add(ShowPalette.Create());
        root.Subcommands.Add(ClusterPalette.Create());
        root.Subcommands.Add(ShardingPalette.Create());
        root.Subcommands.Add(SipUaPalette.Create());
        root.Subcommands.Add(AuditPalette.Create());
        root.Subcommands.Add(CompletionCommand.Create());
        return root;
    }

    /// <summary>Exit codes: what the command returns (0 ok, 1 a negative verdict), 2 for usage errors.
    /// A first argument HOST:PORT names the node (as pbm); alone, it opens the interactive prompt on <paramref name="input"/>.</summary>
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, TextReader? input = null)
    {
        if (args.Length > 0 && IsNodeAddress(args[0]))
        {
            ManagementClient.CurrentDefault = args[0];
            if (args.Length == 1)
                return await InteractiveShell.RunAsync(args[0], input ?? Console.In, output, error, input is null && !Console.IsInputRedirected);
            args = args[1..];
        }
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

    /// <summary>HOST:PORT (name, IPv4 or [IPv6]) with a port 1-65535: a node, never a command or an option.</summary>
    public static bool IsNodeAddress(string arg)
    {
        var colon = arg.LastIndexOf(':');
        if (colon <= 0 || arg[0] == '-') return false;
        if (!int.TryParse(arg.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535) return false;
        var host = arg[..colon];
        return host.StartsWith('[') ? host.Length > 2 && host.EndsWith(']') : !host.Contains(':', StringComparison.Ordinal);
    }

    private static bool IsHelp(string[] args) => args.Any(a => a is "-h" or "--help" or "-?");
}
