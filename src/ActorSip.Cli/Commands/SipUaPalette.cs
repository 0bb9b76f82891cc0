using System.CommandLine;
using System.Text.Json;

namespace ActorSip.Cli.Commands;

/// <summary>IOS's exec-mode `sip-ua register now <number|all>`: every binding of the endpoint re-REGISTERs at once.</summary>
public static class SipUaPalette
{
    public static Command Create()
    {
        var endpoint = new Argument<string>("endpoint") { Description = "an endpoint number, or all" };
        var now = ManagementCommand.Create("now", "re-REGISTER the endpoint's bindings with every registrar now",
            p => new ManagementCommand.Request(HttpMethod.Post, "api/bindings/register-now?endpoint=" + Uri.EscapeDataString(p.GetValue(endpoint)!)), Print, endpoint);
        return new Command("sip-ua", "SIP user agent exec commands") { new Command("register", "registration") { now } };
    }

    private static void Print(JsonElement result, TextWriter output)
    {
        var count = 0;
        foreach (var b in result.GetProperty("bindings").EnumerateArray())
        {
            output.WriteLine($"register now: {b.GetString()}");
            count++;
        }
        output.WriteLine($"Count: {count} bindings");
    }
}
