using System.CommandLine;
using ActorSip.Trunks;
using ActorSip.Trunks.Export;
using ActorSip.Trunks.Hocon;

namespace ActorSip.Cli.Commands;

/// <summary>The `config` palette: check and show trunk configuration files (IOS or HOCON); apply and export a running cluster's.</summary>
public static class ConfigPalette
{
    public const int ExitOk = 0;
    public const int ExitConfigErrors = 1;
    public const int ExitUsage = 2;

    public static Command Create()
    {
        var config = new Command("config", "Trunk configuration: IOS sip-ua / dial-peer blocks or ActorSip HOCON");
        config.Subcommands.Add(Check());
        config.Subcommands.Add(Show());
        config.Subcommands.Add(LiveConfigCommands.Apply());
        config.Subcommands.Add(LiveConfigCommands.Export());
        config.Subcommands.Add(LiveConfigCommands.Diff());
        return config;
    }

    private static Command Check()
    {
        var file = new Argument<FileInfo>("file") { Description = "An IOS running-config, a pasted session, or a HOCON file" };
        var check = new Command("check", "Check every restriction; print a summary or every error as FILE:LINE: message");
        check.Arguments.Add(file);
        check.SetAction(parse =>
        {
            var result = ReadFile(parse.GetValue(file), parse.InvocationConfiguration.Error, out var name);
            if (result is null)
            {
                return ExitUsage;
            }
            if (!result.IsOk)
            {
                return PrintErrors(result, parse.InvocationConfiguration.Error);
            }
            var c = result.Config!;
            parse.InvocationConfiguration.Output.WriteLine(
                $"ok: {c.RegistrarCount} registrars, {c.EndpointCount} endpoints, {c.CredentialCount} credentials");
            return ExitOk;
        });
        return check;
    }

    private static Command Show()
    {
        var file = new Argument<FileInfo>("file") { Description = "An IOS running-config, a pasted session, or a HOCON file" };
        var format = new Option<string>("--format") { Description = "ios, hocon or json", DefaultValueFactory = _ => "ios" };
        var showSecrets = new Option<bool>("--show-secrets") { Description = "Print passwords as configured instead of *****" };
        var show = new Command("show", "Print the normalised configuration (passwords masked unless --show-secrets)");
        show.Arguments.Add(file);
        show.Options.Add(format);
        show.Options.Add(showSecrets);
        show.SetAction(parse =>
        {
            var chosen = parse.GetValue(format);
            if (chosen is not ("ios" or "hocon" or "json"))
            {
                // Checked here rather than by the parser so that a usage error exits 2, not the parser's 1.
                parse.InvocationConfiguration.Error.WriteLine($"actorsip: --format must be ios, hocon or json, not '{chosen}'");
                return ExitUsage;
            }
            var result = ReadFile(parse.GetValue(file), parse.InvocationConfiguration.Error, out _);
            if (result is null)
            {
                return ExitUsage;
            }
            if (!result.IsOk)
            {
                return PrintErrors(result, parse.InvocationConfiguration.Error);
            }
            var secrets = parse.GetValue(showSecrets) ? SecretPrinting.Shown : SecretPrinting.Masked;
            var text = chosen switch
            {
                "hocon" => HoconWriter.Write(result.Config!, secrets),
                "json" => JsonWriter.Write(result.Config!, secrets),
                _ => IosWriter.Write(result.Config!, secrets),
            };
            parse.InvocationConfiguration.Output.Write(text);
            return ExitOk;
        });
        return show;
    }

    private static ConfigReadResult? ReadFile(FileInfo? file, TextWriter error, out string name)
    {
        name = file?.ToString() ?? string.Empty;
        if (file is null || !file.Exists)
        {
            error.WriteLine($"actorsip: no such file: {name}");
            return null;
        }
        string text;
        try
        {
            text = File.ReadAllText(file.FullName);
        }
        catch (IOException e)
        {
            error.WriteLine($"actorsip: cannot read {name}: {e.Message}");
            return null;
        }
        catch (UnauthorizedAccessException e)
        {
            error.WriteLine($"actorsip: cannot read {name}: {e.Message}");
            return null;
        }
        return TrunkConfigFile.Read(text, name);
    }

    private static int PrintErrors(ConfigReadResult result, TextWriter error)
    {
        foreach (var e in result.Errors)
        {
            error.WriteLine(e.ToString());
        }
        return ExitConfigErrors;
    }
}
