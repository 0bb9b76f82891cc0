using System.Collections.Immutable;

namespace ActorSip.Trunks;

/// <summary>What `config apply` did to one input line: changed the configuration, or left it as it was.</summary>
public sealed record AppliedLine(int Line, string Text, bool Changed);

/// <summary>The outcome of applying IOS lines to a running configuration: the new configuration and a report per
/// command line (text with passwords masked), or the line-numbered errors and nothing applied.</summary>
public sealed record IosApplyResult(TrunkConfig? Config, ImmutableArray<ConfigError> Errors, ImmutableArray<AppliedLine> Lines)
{
    public bool IsOk => Errors.IsEmpty && Config is not null;

    /// <summary>The commands the lines were read into, with their line numbers (empty on errors).</summary>
    public ImmutableArray<(int Line, TrunkCommand Command)> Commands { get; init; } = [];
}

/// <summary>`config apply`: validates every line against the running configuration first, then reports each.</summary>
public static class IosApply
{
    public static IosApplyResult Apply(TrunkConfig running, string text, string file)
    {
        var read = IosConfigReader.ReadOnto(running, text, file);
        if (!read.IsOk) return new IosApplyResult(null, read.Errors, []);
        var sourceLines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        var report = ImmutableArray.CreateBuilder<AppliedLine>();
        var config = running;
        foreach (var group in read.Commands.GroupBy(c => c.Line))
        {
            var before = config;
            foreach (var (_, command) in group) config = config.Apply(command).Config;
            var lineText = group.Key - 1 < sourceLines.Length ? sourceLines[group.Key - 1].Trim() : "";
            report.Add(new AppliedLine(group.Key, IosSecretMask.Mask(lineText), !before.Equals(config)));
        }
        return new IosApplyResult(read.Config, [], report.ToImmutable()) { Commands = read.Commands };
    }
}
