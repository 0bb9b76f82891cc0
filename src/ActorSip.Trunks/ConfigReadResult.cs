using System.Collections.Immutable;

namespace ActorSip.Trunks;

/// <summary>A configuration file read as commands: the resulting configuration when every command applied, else the errors.</summary>
public sealed record ConfigReadResult(TrunkConfig? Config, ImmutableArray<ConfigError> Errors, ImmutableArray<(int Line, TrunkCommand Command)> Commands)
{
    public bool IsOk => Errors.IsEmpty && Config is not null;

    /// <summary>Applies commands in order, collecting every refusal (a refused command leaves the configuration as it was).</summary>
    public static ConfigReadResult FromCommands(string file, IEnumerable<(int Line, TrunkCommand Command)> commands, IEnumerable<ConfigError> earlierErrors,
        TrunkConfig? start = null)
    {
        var errors = ImmutableArray.CreateBuilder<ConfigError>();
        errors.AddRange(earlierErrors);
        var config = start ?? TrunkConfig.Empty;
        var list = commands.ToImmutableArray();
        foreach (var (line, command) in list)
        {
            var result = config.Apply(command);
            if (result.Error is { } error)
            {
                errors.Add(new ConfigError(file, line, error));
            }
            config = result.Config;
        }
        var sorted = errors.OrderBy(e => e.Line).ToImmutableArray();
        return new ConfigReadResult(sorted.IsEmpty ? config : null, sorted, list);
    }
}
