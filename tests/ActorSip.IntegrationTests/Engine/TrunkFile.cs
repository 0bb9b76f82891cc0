using System.Text;

namespace ActorSip.IntegrationTests.Engine;

/// <summary>The IOS trunk file the multi-node tests give a node: one registrar, one credential per user (number = the
/// username without its first letter), all in one realm.</summary>
public static class TrunkFile
{
    public static async Task<string> WriteAsync(string directory, string registrar, int expires, IReadOnlyDictionary<string, string> users,
        string realm, CancellationToken ct)
    {
        var trunks = new StringBuilder($"sip-ua\n registrar 1 ipv4:{registrar} expires {expires}\n");
        foreach (var (user, password) in users)
            trunks.Append($" credentials number {user[1..]} username {user} password {password} realm {realm}\n");
        var path = Path.Combine(directory, "trunks.cfg");
        await File.WriteAllTextAsync(path, trunks.ToString(), ct);
        return path;
    }
}
