using System.CommandLine;
using System.Text.Json;

namespace ActorSip.Cli.Commands;

/// <summary>IOS-style show commands voice engineers type, against a running node:
/// `actorsip show sip-ua register status [--node ADDR:PORT] [--json]`.</summary>
public static class ShowPalette
{
    public static Command Create()
    {
        var status = ManagementCommand.Create("status",
            "one line per endpoint x registrar: number, registrar, state, expires left, last response, node", "api/bindings", Print);
        var register = new Command("register", "registration state") { status };
        var sipUa = new Command("sip-ua", "SIP user agent") { register };
        return new Command("show", "IOS-style show commands") { sipUa };
    }

    private static void Print(JsonElement bindings, TextWriter output)
    {
        output.WriteLine($"{"Line",-10} {"Registrar",-28} {"State",-12} {"Expires",7} {"Last",-22} Node");
        var count = 0;
        foreach (var b in bindings.EnumerateArray())
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
    }

    private static string Clip(string s, int n) => s.Length <= n ? s : s[..(n - 1)] + "~";
}
