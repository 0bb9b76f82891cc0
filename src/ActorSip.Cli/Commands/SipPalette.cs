using System.CommandLine;

namespace ActorSip.Cli.Commands;

/// <summary>The `sip` palette: offline troubleshooting tools for captures and challenges.</summary>
public static class SipPalette
{
    public static Command Create()
    {
        var sip = new Command("sip", "SIP troubleshooting: parse captured messages, compute digest responses, resolve registrars");
        sip.Subcommands.Add(SipParseCommand.Create());
        sip.Subcommands.Add(SipDigestCommand.Create());
        sip.Subcommands.Add(SipResolveCommand.Create());
        return sip;
    }
}
