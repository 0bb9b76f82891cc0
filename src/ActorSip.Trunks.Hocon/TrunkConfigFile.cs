namespace ActorSip.Trunks.Hocon;

public enum ConfigFileFormat
{
    Ios,
    Hocon,
}

/// <summary>Reads a configuration file that may be IOS (running-config or pasted session) or ActorSip HOCON.</summary>
public static class TrunkConfigFile
{
    /// <summary>
    /// HOCON when the first meaningful line opens the `actorsip` tree (`actorsip.trunks {`, `actorsip {`,
    /// `actorsip.trunks.x = ...`) or is a brace; IOS otherwise. Comments (# and //) are skipped; '!' is IOS.
    /// </summary>
    public static ConfigFileFormat Detect(string text)
    {
        foreach (var range in text.AsSpan().EnumerateLines())
        {
            var line = range.Trim();
            if (line.IsEmpty || line[0] == '#' || line.StartsWith("//"))
            {
                continue;
            }
            return line[0] == '{' || line.StartsWith("actorsip", StringComparison.Ordinal) ? ConfigFileFormat.Hocon : ConfigFileFormat.Ios;
        }
        return ConfigFileFormat.Ios;
    }

    public static ConfigReadResult Read(string text, string file) =>
        Detect(text) == ConfigFileFormat.Hocon ? HoconConfigReader.Read(text, file) : IosConfigReader.Read(text, file);
}
