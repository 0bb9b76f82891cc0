using System.Net;
using System.Text;
using System.Text.Json;

namespace ActorSip.IntegrationTests.Engine;

/// <summary>`config apply` and the running configuration straight over a node's management HTTP, for tests that
/// send many at once (the CLI would start a process each).</summary>
public static class ConfigHttp
{
    public static async Task<(HttpStatusCode Status, string Body)> ApplyAsync(HttpClient http, string lines, CancellationToken ct)
    {
        using var response = await http.PostAsync("/api/config/apply?source=-", new StringContent(lines, Encoding.UTF8, "text/plain"), ct);
        return (response.StatusCode, await response.Content.ReadAsStringAsync(ct));
    }

    public static async Task<string> RunningAsync(HttpClient http, CancellationToken ct)
    {
        using var doc = JsonDocument.Parse(await http.GetStringAsync("/api/config?format=ios", ct));
        return doc.RootElement.GetProperty("text").GetString()!;
    }
}
