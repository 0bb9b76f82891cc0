using System.Text.Json;

namespace ActorSip.Cli.Commands;

/// <summary>Talks to a node's management endpoint (pbm's default address 127.0.0.1:9110) over HTTP+JSON.</summary>
public sealed class ManagementClient(string address)
{
    public const string DefaultAddress = "127.0.0.1:9110";

    public async Task<JsonDocument> GetAsync(string path, CancellationToken ct)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        var text = await http.GetStringAsync(new Uri($"http://{address}/{path}"), ct);
        return JsonDocument.Parse(text);
    }
}
