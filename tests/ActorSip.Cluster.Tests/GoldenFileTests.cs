using System.Runtime.CompilerServices;
using System.Text;
using ActorSip.Cluster.Serialization;

namespace ActorSip.Cluster.Tests;

/// <summary>
/// The bytes of every registered type as written today, kept in Golden/{manifest}.json (the first sample of the type):
/// journals and other nodes read these bytes, so a change to them must be deliberate. To change a file on purpose,
/// run these tests with ACTORSIP_WRITE_GOLDEN=1 and review the diff; a new type needs its file written that way.
/// </summary>
public sealed class GoldenFileTests() : Akka.TestKit.Xunit2.TestKit(SerializationConfig.Hocon)
{
    public static TheoryData<string> Manifests() => [.. SerializerRegistry.Entries.Select(e => e.Manifest)];

    [Theory]
    [MemberData(nameof(Manifests))]
    public void Serialized_sample_equals_its_golden_file_and_the_file_reads_back(string manifest)
    {
        var type = SerializerRegistry.Entries.Single(e => e.Manifest == manifest).Type;
        var sample = Samples.All().First(m => m.GetType() == type);
        var serializer = Sys.Serialization.FindSerializerFor(sample);
        var bytes = serializer.ToBinary(sample);
        var path = Path.Combine(AppContext.BaseDirectory, "Golden", manifest + ".json");
        if (Environment.GetEnvironmentVariable("ACTORSIP_WRITE_GOLDEN") == "1")
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllBytes(Path.Combine(SourceDirectory(), "Golden", manifest + ".json"), bytes);
            File.WriteAllBytes(path, bytes);
        }
        Assert.True(File.Exists(path), $"no golden file for {manifest}: run with ACTORSIP_WRITE_GOLDEN=1 and review it");

        var golden = File.ReadAllBytes(path);
        Assert.Equal(Encoding.UTF8.GetString(golden), Encoding.UTF8.GetString(bytes));
        var back = Sys.Serialization.Deserialize(golden, serializer.Identifier, manifest);
        Assert.True(sample.Equals(back), $"{manifest}: the golden file does not read back as the sample");
    }

    [Fact]
    public void Every_golden_file_belongs_to_a_registered_manifest()
    {
        var files = Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "Golden"), "*.json").Select(f => Path.GetFileNameWithoutExtension(f)!);
        Assert.Empty(files.Except(SerializerRegistry.Entries.Select(e => e.Manifest)));
    }

    private static string SourceDirectory([CallerFilePath] string path = "") => Path.GetDirectoryName(path)!;
}
