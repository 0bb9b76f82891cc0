namespace ActorSip.Sip.Tests;

/// <summary>
/// Finds the `shared/` folder beside the repository root (the folder holding ActorSip.sln).
/// A git worktree sits one level deeper (work/wt/NAME beside work/shared), so the nearest
/// ancestor of the root that holds `shared/` is taken.
/// </summary>
public static class SharedFolder
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
        var holder = dir.Parent;
        while (holder is not null && !Directory.Exists(System.IO.Path.Combine(holder.FullName, "shared")))
        {
            holder = holder.Parent;
        }
        if (holder is null)
        {
            throw new DirectoryNotFoundException($"no shared/ folder beside {dir.FullName} or above it");
        }
        var all = new string[parts.Length + 2];
        all[0] = holder.FullName;
        all[1] = "shared";
        parts.CopyTo(all, 2);
        return System.IO.Path.Combine(all);
    }
}
