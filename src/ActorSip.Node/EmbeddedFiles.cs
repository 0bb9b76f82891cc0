using System.Reflection;
using Akka.Configuration;

namespace ActorSip.Node;

/// <summary>The files of hocon/ built into actorsip-node, so a node starts with nothing beside it.</summary>
internal static class EmbeddedFiles
{
    public static string Read(string name)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(name)
                           ?? throw new InvalidOperationException($"embedded {name} is missing from the build");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    public static Config Hocon(string name) => ConfigurationFactory.ParseString(Read(name));
}
