using System.CommandLine;
using System.Text.Json;

namespace ActorSip.Cli.Commands;

/// <summary>A command that sends one request to a node's management endpoint and prints the answer as lines or,
/// with --json, raw.</summary>
public static class ManagementCommand
{
    /// <summary>What to ask the node, from the parsed command line.</summary>
    public sealed record Request(HttpMethod Method, string Path, string? Body = null);

    public static Command Create(string name, string description, string path, Action<JsonElement, TextWriter> print) =>
        Create(name, description, _ => new Request(HttpMethod.Get, path), print);

    public static Command Create(string name, string description, Func<ParseResult, Request> request,
        Action<JsonElement, TextWriter> print, params Symbol[] symbols)
    {
        var node = NodeOption();
        var json = new Option<bool>("--json") { Description = "the raw JSON" };
        var token = TokenOption();
        var command = new Command(name, description) { node, json, token };
        foreach (var s in symbols)
        {
            if (s is Argument a) command.Arguments.Add(a);
            else if (s is Option o) command.Options.Add(o);
        }
        command.SetAction(async (parse, ct) =>
        {
            var output = parse.InvocationConfiguration.Output;
            var target = parse.GetValue(node)!;
            return await Guard(parse, target, async () =>
            {
                var (method, path, body) = request(parse);
                using var doc = await new ManagementClient(target, parse.GetValue(token)).SendAsync(method, path, ct, body);
                if (parse.GetValue(json)) output.WriteLine(doc.RootElement.GetRawText());
                else print(doc.RootElement, output);
            });
        });
        return command;
    }

    public static Option<string> NodeOption() =>
        new("--node") { Description = "management endpoint of a node (default: HOST:PORT given first, else 127.0.0.1:9110)", DefaultValueFactory = _ => ManagementClient.CurrentDefault };

    public static Option<string?> TokenOption() =>
        new("--token") { Description = $"bearer token of the node's management endpoint (default ${ManagementClient.TokenVariable})" };

    /// <summary>Turns an unreachable node or a refused request into one error line and exit code 1.</summary>
    public static async Task<int> Guard(ParseResult parse, string target, Func<Task> run)
    {
        try
        {
            await run();
            return 0;
        }
        catch (HttpRequestException e)
        {
            await parse.InvocationConfiguration.Error.WriteLineAsync($"actorsip: cannot reach {target}: {e.Message}");
        }
        catch (Exception e) when (e is ManagementException or IOException)
        {
            await parse.InvocationConfiguration.Error.WriteLineAsync($"actorsip: {target}: {e.Message}");
        }
        return 1;
    }
}
