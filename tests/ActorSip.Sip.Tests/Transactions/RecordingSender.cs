using System.Net;
using System.Net.Sockets;
using ActorSip.Sip.Messages;
using ActorSip.Sip.Transport;

namespace ActorSip.Sip.Tests.Transactions;

/// <summary>A transport stand-in: records what is sent and when (virtual time), or fails on demand.</summary>
internal sealed class RecordingSender(ManualTimeProvider time) : ISipMessageSender
{
    public static readonly IPEndPoint Local = new(IPAddress.Parse("192.0.2.1"), 5070);

    public List<(SipMessage Message, IPEndPoint Target, SipTransportKind Kind, TimeSpan At)> Sent { get; } = [];

    public Exception? FailWith { get; set; }

    public ValueTask SendAsync(SipMessage message, IPEndPoint remote, SipTransportKind kind, CancellationToken ct = default)
    {
        if (FailWith is { } e) return ValueTask.FromException(e);
        lock (Sent) Sent.Add((message, remote, kind, time.Elapsed));
        return ValueTask.CompletedTask;
    }

    public IPEndPoint? LocalEndPointFor(SipTransportKind kind, AddressFamily family) => Local;

    public IReadOnlyList<TimeSpan> TimesOf(string startLinePrefix)
    {
        lock (Sent)
            return [.. Sent.Where(s => StartLine(s.Message).StartsWith(startLinePrefix, StringComparison.Ordinal)).Select(s => s.At)];
    }

    private static string StartLine(SipMessage m)
    {
        var sb = new System.Text.StringBuilder();
        m.AppendStartLine(sb);
        return sb.ToString();
    }
}
