namespace ActorSip.Trunks.Tests;

/// <summary>Test fixtures copied beside the test assembly.</summary>
internal static class Fixture
{
    public static string Path(string name) => System.IO.Path.Combine(AppContext.BaseDirectory, "Fixtures", name);

    public static string Text(string name) => File.ReadAllText(Path(name));

    public static readonly string[] SeedExamples =
    [
        "seed-example-1-sip-ua-authentication.txt",
        "seed-example-2-dial-peer-authentication.txt",
        "seed-example-3-credentials.txt",
    ];

    public static TheoryData<string> Seeds() => new(SeedExamples);

    public static string[] FailingNames() =>
        Directory.GetFiles(System.IO.Path.Combine(AppContext.BaseDirectory, "Fixtures"), "fail-*.txt")
            .Select(f => System.IO.Path.GetFileName(f)).Order(StringComparer.Ordinal).ToArray();

    public static TheoryData<string> Failing() => new(FailingNames());
}
