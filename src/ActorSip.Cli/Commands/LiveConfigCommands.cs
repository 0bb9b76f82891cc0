using System.CommandLine;
using System.Text.Json;

namespace ActorSip.Cli.Commands;

/// <summary>The config palette's verbs against a running cluster: `config apply FILE|-` and `config export`.</summary>
public static class LiveConfigCommands
{
    public static Command Apply()
    {
        var file = new Argument<string>("file") { Description = "IOS lines (sip-ua / dial-peer blocks, `no` forms included), or - for standard input" };
        return ManagementCommand.Create("apply", "apply IOS lines to the cluster's running configuration: all validated first, then one change event; reported line by line",
            p =>
            {
                var name = p.GetValue(file)!;
                var text = name == "-" ? Console.In.ReadToEnd() : File.ReadAllText(name);
                return new ManagementCommand.Request(HttpMethod.Post, "api/config/apply?source=" + Uri.EscapeDataString(name), text);
            }, PrintApplied, file);
    }

    public static Command Export()
    {
        var format = new Option<string>("--format") { Description = "ios or hocon", DefaultValueFactory = _ => "ios" };
        format.AcceptOnlyFromAmong("ios", "hocon");
        return ManagementCommand.Create("export", "the cluster's running configuration, passwords masked (never printed in clear)",
            p => new ManagementCommand.Request(HttpMethod.Get, "api/config?format=" + p.GetValue(format)), PrintText, format);
    }

    public static void PrintText(JsonElement config, TextWriter output) => output.Write(config.GetProperty("text").GetString());

    private static void PrintApplied(JsonElement result, TextWriter output)
    {
        var applied = 0;
        var lines = 0;
        foreach (var l in result.GetProperty("lines").EnumerateArray())
        {
            var r = l.GetProperty("result").GetString();
            output.WriteLine($"{l.GetProperty("line").GetInt32(),4}: {r,-9} {l.GetProperty("text").GetString()}");
            lines++;
            if (r == "applied") applied++;
        }
        output.WriteLine($"Count: {applied} of {lines} lines changed the configuration");
    }
}
