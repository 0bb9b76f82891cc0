using System.CommandLine;
using System.Text.Json;

namespace ActorSip.Cli.Commands;

/// <summary>A command that reads one management resource of a node and prints it as lines or, with --json, raw.</summary>
public static class ManagementCommand
{
    public static Command Create(string name, string description, string path, Action<JsonElement, TextWriter> print)
    {
        var node = new Option<string>("--node") { Description = "management endpoint of a node", DefaultValueFactory = _ => ManagementClient.DefaultAddress };
        var json = new Option<bool>("--json") { Description = "the raw JSON" };
        var token = new Option<string?>("--token") { Description = $"bearer token of the node's management endpoint (default ${ManagementClient.TokenVariable})" };
        var command = new Command(name, description) { node, json, token };
        command.SetAction(async (parse, ct) =>
        {
            var output = parse.InvocationConfiguration.Output;
            try
            {
                using var doc = await new ManagementClient(parse.GetValue(node)!, parse.GetValue(token)).GetAsync(path, ct);
                if (parse.GetValue(json))
                {
                    output.WriteLine(doc.RootElement.GetRawText());
                    return 0;
                }
                print(doc.RootElement, output);
                return 0;
            }
            catch (HttpRequestException e)
            {
                parse.InvocationConfiguration.Error.WriteLine($"actorsip: cannot reach {parse.GetValue(node)}: {e.Message}");
                return 1;
            }
        });
        return command;
    }
}
