using System.CommandLine;
using ActorSip.Cli.Commands;

// actorsip: pbm-style palettes (`<palette> <verb>`) plus IOS-style show commands.
// Each palette lives in its own file under Commands/ and adds itself here.
var root = new RootCommand("actorsip: manage ActorSip registration clusters and troubleshoot SIP trunks");
root.Subcommands.Add(SipPalette.Create());
root.Subcommands.Add(ConfigPalette.Create());

return await root.Parse(args).InvokeAsync();
