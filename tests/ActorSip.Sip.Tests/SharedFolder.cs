namespace ActorSip.Sip.Tests;

/// <summary>Finds <c>../shared</c> beside the repository root (the folder holding ActorSip.sln), here and in CI.</summary>
public static class SharedFolder
{
    private static readonly Lazy<string> Root = new(() =>
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (!File.Exists(System.IO.Path.Combine(dir.FullName, "ActorSip.sln"))) continue;
            var shared = System.IO.Path.GetFullPath(System.IO.Path.Combine(dir.FullName, "..", "shared"));
            if (Directory.Exists(shared)) return shared;
            throw new DirectoryNotFoundException($"'{shared}' not found beside the repository root {dir.FullName}");
        }
        throw new DirectoryNotFoundException("repository root (ActorSip.sln) not found above " + AppContext.BaseDirectory);
    });

    public static string Path(params string[] parts) => System.IO.Path.Combine([Root.Value, .. parts]);
}
