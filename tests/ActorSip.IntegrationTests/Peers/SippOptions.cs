namespace ActorSip.IntegrationTests.Peers;

/// <summary>One sipp run: a scenario played as UAS (no <see cref="RemotePort"/>) or UAC (towards 127.0.0.1:<see cref="RemotePort"/>).</summary>
public sealed record SippOptions
{
    /// <summary>File name under Scenarios/ (copied next to the test assembly) or a full path.</summary>
    public required string Scenario { get; init; }

    /// <summary>Port of the peer to send to; null makes sipp a UAS that waits for the first message.</summary>
    public int? RemotePort { get; init; }

    /// <summary>User part of the request URI (sipp -s).</summary>
    public string Service { get; init; } = "service";

    /// <summary>Credentials sipp answers challenges with for [authentication] (sipp -au / -ap).</summary>
    public string? AuthUsername { get; init; }
    public string? AuthPassword { get; init; }

    /// <summary>Scenario keywords, [name] in the XML (sipp -key name value).</summary>
    public IReadOnlyDictionary<string, string> Keys { get; init; } = new Dictionary<string, string>();

    /// <summary>Calls to complete before sipp exits (sipp -m).</summary>
    public int Calls { get; init; } = 1;

    /// <summary>sipp gives up (and fails) after this long (sipp -timeout with -timeout_error).</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>sipp -t: "u1" (UDP, one socket) or "t1" (TCP, one connection).</summary>
    public string Transport { get; init; } = "u1";
}
