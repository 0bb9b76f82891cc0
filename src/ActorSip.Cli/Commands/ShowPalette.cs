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
        var registrar = ManagementCommand.Create("registrar", "per registrar: target, expires, transport, successes, failures, last response", "api/registrars", PrintRegistrars);
        var credentials = ManagementCommand.Create("credentials", "per endpoint and realm: username and where it was configured (passwords never shown)", "api/credentials", PrintCredentials);
        var sipUa = new Command("sip-ua", "SIP user agent") { register, new Command("status", "status") { registrar }, credentials };
        var running = ManagementCommand.Create("running-config", "the cluster's trunk configuration as IOS lines, passwords masked", "api/config?format=ios", LiveConfigCommands.PrintText);
        return new Command("show", "IOS-style show commands") { sipUa, running };
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

    private static void PrintRegistrars(JsonElement registrars, TextWriter output)
    {
        output.WriteLine($"{"Registrar",-10} {"Target",-32} {"Expires",7} {"Transport",-9} {"OK",6} {"Failed",6} Last");
        var count = 0;
        foreach (var r in registrars.EnumerateArray())
        {
            var last = r.GetProperty("lastStatus").ValueKind == JsonValueKind.Number ? r.GetProperty("lastStatus").GetInt32().ToString() : "-";
            output.WriteLine($"{r.GetProperty("registrarId").GetString(),-10} {r.GetProperty("target").GetString(),-32} {Text(r, "expires"),7} {Text(r, "transport"),-9} {r.GetProperty("successes").GetInt64(),6} {r.GetProperty("failures").GetInt64(),6} {last}");
            count++;
        }
        output.WriteLine($"Count: {count} registrars");
    }

    private static void PrintCredentials(JsonElement credentials, TextWriter output)
    {
        output.WriteLine($"{"Line",-10} {"Realm",-28} {"Username",-20} Source");
        var count = 0;
        foreach (var c in credentials.EnumerateArray())
        {
            var source = c.GetProperty("source").GetString() + (c.GetProperty("dialPeer").ValueKind == JsonValueKind.Number ? $" (dial-peer {c.GetProperty("dialPeer").GetInt32()})" : "");
            output.WriteLine($"{c.GetProperty("endpoint").GetString(),-10} {Text(c, "realm"),-28} {c.GetProperty("username").GetString(),-20} {source}");
            count++;
        }
        output.WriteLine($"Count: {count} credentials");
    }

    private static string Text(JsonElement e, string name) => e.GetProperty(name) switch
    {
        { ValueKind: JsonValueKind.Null } => "-",
        var v => v.ToString(),
    };

    private static string Clip(string s, int n) => s.Length <= n ? s : s[..(n - 1)] + "~";
}
