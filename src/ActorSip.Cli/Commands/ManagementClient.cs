using System.Text.Json;

namespace ActorSip.Cli.Commands;

/// <summary>Talks to a node's management endpoint (pbm's default address 127.0.0.1:9110) over HTTP+JSON; with a
/// token (--token or $ACTORSIP_TOKEN) every request carries <c>Authorization: Bearer TOKEN</c>. An address given
/// as https://HOST:PORT is used as is (the node's certificate must be trusted by the system).</summary>
public sealed class ManagementClient(string address, string? token = null)
{
    public const string DefaultAddress = "127.0.0.1:9110";
    public const string TokenVariable = "ACTORSIP_TOKEN";

    public async Task<JsonDocument> GetAsync(string path, CancellationToken ct)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        var bearer = string.IsNullOrWhiteSpace(token) ? Environment.GetEnvironmentVariable(TokenVariable) : token;
        if (!string.IsNullOrWhiteSpace(bearer))
            http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", bearer.Trim());
        var root = address.Contains("://", StringComparison.Ordinal) ? address.TrimEnd('/') : $"http://{address}";
        using var response = await http.GetAsync(new Uri($"{root}/{path}"), ct);
        if (response.StatusCode == System.Net.HttpStatusCode.Unauthorized)
            throw new HttpRequestException($"401 Unauthorized: the node needs a token (--token or ${TokenVariable})", null, response.StatusCode);
        response.EnsureSuccessStatusCode();
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct));
    }
}
