using ActorSip.Cli;

// actorsip: pbm-style palettes (`<palette> <verb>`) plus IOS-style show commands.
// Each palette lives in its own file under Commands/ and adds itself here.
return await ActorSipCli.RunAsync(args, Console.Out, Console.Error);
