namespace ActorSip.Sip.Tests;

/// <summary>
/// Finds a file under `tests/fixtures/` of the repository (the folder holding ActorSip.sln), so the tests pass on a
/// plain clone with nothing beside it. The conformance data there is a byte-for-byte copy of the public RFC material
/// with its README and checksums (`tests/fixtures/conformance/README.md`).
/// </summary>
public static class Fixtures
{
    public static string Path(params string[] parts)
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(System.IO.Path.Combine(dir.FullName, "ActorSip.sln")))
        {
            dir = dir.Parent;
        }
        if (dir is null)
        {
            throw new DirectoryNotFoundException($"no ActorSip.sln above {AppContext.BaseDirectory}");
        }
        return System.IO.Path.Combine([dir.FullName, "tests", "fixtures", .. parts]);
    }
}
