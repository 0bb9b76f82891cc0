using System.CommandLine;
using System.Text.Json;

namespace ActorSip.Cli.Commands;

/// <summary>
/// IOS-style show commands voice engineers type, against a running node:
/// `actorsip show sip-ua register status [--node ADDR:PORT] [--json]`.
/// </summary>
public static class ShowPalette
{
    public static Option<string> NodeOption() => new("--node") { Description = "management endpoint of a node", DefaultValueFactory = _ => ManagementClient.DefaultAddress };

    public static Command Create()
    {
        var node = NodeOption();
        var json = new Option<bool>("--json") { Description = "the bindings as JSON" };
        var status = new Command("status", "one line per endpoint x registrar: number, registrar, state, expires left, last response, node") { node, json };
        status.SetAction(async (parse, ct) =>
        {
            var output = parse.InvocationConfiguration.Output;
            try
            {
                using var doc = await new ManagementClient(parse.GetValue(node)!).GetAsync("api/bindings", ct);
                if (parse.GetValue(json))
                {
                    output.WriteLine(doc.RootElement.GetRawText());
                    return 0;
                }
                output.WriteLine($"{"Line",-10} {"Registrar",-28} {"State",-12} {"Expires",7} {"Last",-22} Node");
                var count = 0;
                foreach (var b in doc.RootElement.EnumerateArray())
                {
                    var left = b.GetProperty("expiresAt").ValueKind == JsonValueKind.String
                        ? Math.Max(0, (int)(b.GetProperty("expiresAt").GetDateTimeOffset() - DateTimeOffset.UtcNow).TotalSeconds).ToString()
                        : "-";
                    var last = b.GetProperty("lastStatus").ValueKind == JsonValueKind.Number
                        ? $"{b.GetProperty("lastStatus").GetInt32()} {b.GetProperty("lastReason").GetString()}"
                        : b.GetProperty("lastReason").GetString() ?? "-";
                    output.WriteLine($"{b.GetProperty("endpoint").GetString(),-10} {b.GetProperty("registrar").GetString(),-28} {b.GetProperty("state").GetString(),-12} {left,7} {Clip(last, 22),-22} {b.GetProperty("node").GetString()}");
                    count++;
                }
                output.WriteLine($"Count: {count} bindings");
                return 0;
            }
            catch (HttpRequestException e)
            {
                parse.InvocationConfiguration.Error.WriteLine($"actorsip: cannot reach {parse.GetValue(node)}: {e.Message}");
                return 1;
            }
        });
        var register = new Command("register", "registration state") { status };
        var sipUa = new Command("sip-ua", "SIP user agent") { register };
        return new Command("show", "IOS-style show commands") { sipUa };
    }

    private static string Clip(string s, int n) => s.Length <= n ? s : s[..(n - 1)] + "~";
}
