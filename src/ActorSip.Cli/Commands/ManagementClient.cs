using System.Text.Json;

namespace ActorSip.Cli.Commands;

/// <summary>Talks to a node's management endpoint (pbm's default address 127.0.0.1:9110) over HTTP+JSON; with a
/// token (--token or $ACTORSIP_TOKEN) every request carries <c>Authorization: Bearer TOKEN</c>. An address given
/// as https://HOST:PORT is used as is (the node's certificate must be trusted by the system).</summary>
public sealed class ManagementClient(string address, string? token = null)
{
    public const string DefaultAddress = "127.0.0.1:9110";

    /// <summary>The node's management token when --token is not given (the environment keeps it out of the process list).</summary>
    public const string TokenVariable = "ACTORSIP_TOKEN";

    // `actorsip HOST:PORT <command>` and the interactive prompt set the node for the commands they run.
    private static readonly AsyncLocal<string?> Chosen = new();

    /// <summary>The node commands talk to when --node is not given.</summary>
    public static string CurrentDefault
    {
        get => Chosen.Value ?? DefaultAddress;
        set => Chosen.Value = value;
    }

    public async Task<JsonDocument> GetAsync(string path, CancellationToken ct) => await SendAsync(HttpMethod.Get, path, ct);

    public async Task<JsonDocument> SendAsync(HttpMethod method, string path, CancellationToken ct, string? body = null)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(90) };
        using var message = new HttpRequestMessage(method, Uri(path));
        if (body is not null) message.Content = new StringContent(body);
        Authorize(message);
        using var response = await http.SendAsync(message, ct);
        var text = await response.Content.ReadAsStringAsync(ct);
        if (response.StatusCode == System.Net.HttpStatusCode.Unauthorized)
            throw new ManagementException($"401 Unauthorized: the node needs a token (--token or ${TokenVariable})");
        if (!response.IsSuccessStatusCode)
            throw new ManagementException(ErrorText(text) ?? $"{(int)response.StatusCode} {response.ReasonPhrase}");
        return JsonDocument.Parse(text);
    }

    /// <summary>A streaming resource: one JSON document per line until the node or the caller ends it.</summary>
    public async IAsyncEnumerable<JsonDocument> StreamAsync(string path, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        using var http = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
        using var message = new HttpRequestMessage(HttpMethod.Get, Uri(path));
        Authorize(message);
        using var response = await http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, ct);
        if (!response.IsSuccessStatusCode)
            throw new ManagementException(ErrorText(await response.Content.ReadAsStringAsync(ct)) ?? $"{(int)response.StatusCode} {response.ReasonPhrase}");
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(ct));
        while (await reader.ReadLineAsync(ct) is { } line)
            if (line.Length > 0) yield return JsonDocument.Parse(line);
    }

    /// <summary>Names the operator of a change in the node's audit trail when no token does (a token's name wins).</summary>
    public const string UserHeader = "X-ActorSip-User";

    private void Authorize(HttpRequestMessage message)
    {
        message.Headers.TryAddWithoutValidation(UserHeader, Environment.UserName);
        var bearer = string.IsNullOrWhiteSpace(token) ? Environment.GetEnvironmentVariable(TokenVariable) : token;
        if (!string.IsNullOrWhiteSpace(bearer))
            message.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", bearer.Trim());
    }

    private Uri Uri(string path) =>
        new($"{(address.Contains("://", StringComparison.Ordinal) ? address.TrimEnd('/') : "http://" + address)}/{path}");

    private static string? ErrorText(string body)
    {
        try
        {
            using var doc = JsonDocument.Parse(body);
            return doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty("error", out var e) ? e.GetString() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

/// <summary>The node refused a request; the message is the node's own explanation.</summary>
public sealed class ManagementException(string message) : Exception(message);
