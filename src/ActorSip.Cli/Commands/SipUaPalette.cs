using System.CommandLine;
using System.Text.Json;

namespace ActorSip.Cli.Commands;

/// <summary>IOS's exec-mode `sip-ua register now <number|all>` (every binding of the endpoint re-REGISTERs at once) and
/// `sip-ua unregister <number|all>` (Expires 0; the bindings stay down until `register now`).</summary>
public static class SipUaPalette
{
    public static Command Create()
    {
        var endpoint = new Argument<string>("endpoint") { Description = "an endpoint number, or all" };
        var now = ManagementCommand.Create("now", "re-REGISTER the endpoint's bindings with every registrar now",
            p => new ManagementCommand.Request(HttpMethod.Post, "api/bindings/register-now?endpoint=" + Uri.EscapeDataString(p.GetValue(endpoint)!)), Print, endpoint);
        var which = new Argument<string>("endpoint") { Description = "an endpoint number, or all" };
        var unregister = ManagementCommand.Create("unregister", "un-REGISTER the endpoint's bindings (Expires 0); they stay unregistered until `sip-ua register now` or a change of their configuration",
            p => new ManagementCommand.Request(HttpMethod.Post, "api/bindings/unregister?endpoint=" + Uri.EscapeDataString(p.GetValue(which)!)), Print, which);
        return new Command("sip-ua", "SIP user agent exec commands") { new Command("register", "registration") { now }, unregister };
    }

    private static void Print(JsonElement result, TextWriter output)
    {
        var count = 0;
        foreach (var b in result.GetProperty("bindings").EnumerateArray())
        {
            output.WriteLine(b.GetString());
            count++;
        }
        output.WriteLine($"Count: {count} bindings");
    }
}
