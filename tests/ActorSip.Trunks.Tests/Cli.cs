using System.CommandLine;
using ActorSip.Cli.Commands;

namespace ActorSip.Trunks.Tests;

/// <summary>Runs the `config` palette in-process with captured output, as `actorsip config ...` would.</summary>
internal static class Cli
{
    public static (int Code, string Output, string Error) Run(params string[] args)
    {
        var root = new RootCommand("test");
        root.Subcommands.Add(ConfigPalette.Create());
        var output = new StringWriter();
        var error = new StringWriter();
        var code = root.Parse(args).Invoke(new InvocationConfiguration { Output = output, Error = error });
        return (code, output.ToString(), error.ToString());
    }
}
