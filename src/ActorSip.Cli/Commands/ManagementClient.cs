using System.Text.Json;

namespace ActorSip.Cli.Commands;

/// <summary>Talks to a node's management endpoint (pbm's default address 127.0.0.1:9110) over HTTP+JSON.</summary>
public sealed class ManagementClient(string address)
{
    public const string DefaultAddress = "127.0.0.1:9110";

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
        using var response = await http.SendAsync(message, ct);
        var text = await response.Content.ReadAsStringAsync(ct);
        if (!response.IsSuccessStatusCode)
            throw new ManagementException(ErrorText(text) ?? $"{(int)response.StatusCode} {response.ReasonPhrase}");
        return JsonDocument.Parse(text);
    }

    /// <summary>A streaming resource: one JSON document per line until the node or the caller ends it.</summary>
    public async IAsyncEnumerable<JsonDocument> StreamAsync(string path, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        using var http = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
        using var response = await http.GetAsync(Uri(path), HttpCompletionOption.ResponseHeadersRead, ct);
        if (!response.IsSuccessStatusCode)
            throw new ManagementException(ErrorText(await response.Content.ReadAsStringAsync(ct)) ?? $"{(int)response.StatusCode} {response.ReasonPhrase}");
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(ct));
        while (await reader.ReadLineAsync(ct) is { } line)
            if (line.Length > 0) yield return JsonDocument.Parse(line);
    }

    private Uri Uri(string path) => new($"http://{address}/{path}");

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
