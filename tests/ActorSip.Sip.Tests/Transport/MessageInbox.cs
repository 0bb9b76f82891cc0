using System.Threading.Channels;
using ActorSip.Sip.Transport;

namespace ActorSip.Sip.Tests.Transport;

/// <summary>Collects what a transport hands up, so a test can await the next message with a bound.</summary>
internal sealed class MessageInbox
{
    public static readonly TimeSpan DefaultWait = TimeSpan.FromSeconds(5);

    private readonly Channel<ReceivedMessage> _channel = Channel.CreateUnbounded<ReceivedMessage>();

    public Action<ReceivedMessage> Handler => m => _channel.Writer.TryWrite(m);

    public async Task<ReceivedMessage> NextAsync(TimeSpan? wait = null)
    {
        using var cts = new CancellationTokenSource(wait ?? DefaultWait);
        return await _channel.Reader.ReadAsync(cts.Token);
    }

    public bool TryTake(out ReceivedMessage? message) => _channel.Reader.TryRead(out message);
}
