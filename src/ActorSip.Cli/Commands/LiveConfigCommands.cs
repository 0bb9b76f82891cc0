using System.CommandLine;
using System.Text.Json;

namespace ActorSip.Cli.Commands;

/// <summary>The config palette's verbs against a running cluster: `config apply FILE|-` and `config export`.</summary>
public static class LiveConfigCommands
{
    public static Command Apply()
    {
        var file = new Argument<string>("file") { Description = "IOS lines (sip-ua / dial-peer blocks, `no` forms included), or - for standard input" };
        var dryRun = new Option<bool>("--dry-run") { Description = "validate against the running configuration and print what would change; apply nothing" };
        return ManagementCommand.Create("apply", "apply IOS lines to the cluster's running configuration: all validated first, then one change event; reported line by line",
            p =>
            {
                var name = p.GetValue(file)!;
                var query = "api/config/apply?source=" + Uri.EscapeDataString(name) + (p.GetValue(dryRun) ? "&dryRun=true" : "");
                return new ManagementCommand.Request(HttpMethod.Post, query, ReadInput(name));
            }, PrintApplied, file, dryRun);
    }

    public static Command Diff()
    {
        var file = new Argument<string>("file") { Description = "a whole trunk configuration (IOS or HOCON), or - for standard input" };
        return ManagementCommand.Create("diff", "compare a configuration file with the cluster's running configuration: items that differ (passwords masked), then what the bindings would do",
            p =>
            {
                var name = p.GetValue(file)!;
                return new ManagementCommand.Request(HttpMethod.Post, "api/config/diff?source=" + Uri.EscapeDataString(name), ReadInput(name));
            }, PrintDiff, file);
    }

    private static string ReadInput(string name) => name == "-" ? Console.In.ReadToEnd() : File.ReadAllText(name);

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
        if (result.TryGetProperty("preview", out var preview))
        {
            output.WriteLine($"Count: {applied} of {lines} lines would change the configuration");
            PrintPreview(preview, output);
            output.WriteLine("dry run: nothing applied");
            return;
        }
        output.WriteLine($"Count: {applied} of {lines} lines changed the configuration");
    }

    private static void PrintDiff(JsonElement preview, TextWriter output)
    {
        var items = preview.GetProperty("items").GetArrayLength();
        PrintPreview(preview, output);
        output.WriteLine(items == 0 ? "no differences" : $"Count: {items} items differ");
    }

    /// <summary>`- line` removed, `+ line` added; a changed item both, or `~ line` when only its password changed.</summary>
    private static void PrintPreview(JsonElement preview, TextWriter output)
    {
        foreach (var item in preview.GetProperty("items").EnumerateArray())
        {
            var before = item.GetProperty("before").GetString();
            var after = item.GetProperty("after").GetString();
            if (before is not null && before == after) output.WriteLine($"~ {after}   (password changed)");
            else
            {
                if (before is not null) output.WriteLine($"- {before}");
                if (after is not null) output.WriteLine($"+ {after}");
            }
        }
        var bindings = preview.GetProperty("bindings");
        foreach (var (key, what) in new[] { ("register", "would register"), ("reregister", "would re-register (registrar changed)"), ("unregister", "would un-register") })
        {
            var ids = bindings.GetProperty(key).EnumerateArray().Select(b => b.GetString()).ToList();
            if (ids.Count > 0) output.WriteLine($"bindings that {what}: {ids.Count} ({string.Join(' ', ids.Take(20))}{(ids.Count > 20 ? " ..." : "")})");
        }
    }
}
