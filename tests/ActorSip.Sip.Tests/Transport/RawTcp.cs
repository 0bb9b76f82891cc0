using System.Net;
using System.Net.Sockets;

namespace ActorSip.Sip.Tests.Transport;

/// <summary>A plain TCP peer that writes whatever bytes a test wants, however it wants.</summary>
internal sealed class RawTcp : IDisposable
{
    private readonly TcpClient _client;

    private RawTcp(TcpClient client)
    {
        _client = client;
        Stream = client.GetStream();
    }

    public NetworkStream Stream { get; }

    public IPEndPoint LocalEndPoint => (IPEndPoint)_client.Client.LocalEndPoint!;

    public static async Task<RawTcp> ConnectAsync(IPEndPoint server)
    {
        var client = new TcpClient(server.AddressFamily) { NoDelay = true };
        using var cts = new CancellationTokenSource(MessageInbox.DefaultWait);
        await client.ConnectAsync(server, cts.Token);
        return new RawTcp(client);
    }

    public async Task WriteAsync(ReadOnlyMemory<byte> bytes) => await Stream.WriteAsync(bytes);

    /// <summary>Reads exactly <paramref name="count"/> bytes, bounded by the default wait.</summary>
    public async Task<byte[]> ReadExactlyAsync(int count)
    {
        var buffer = new byte[count];
        using var cts = new CancellationTokenSource(MessageInbox.DefaultWait);
        await Stream.ReadExactlyAsync(buffer, cts.Token);
        return buffer;
    }

    /// <summary>True once the server has closed the connection (end of stream or reset) within the wait.</summary>
    public async Task<bool> ClosedByPeerAsync(TimeSpan? wait = null)
    {
        var buffer = new byte[4096];
        using var cts = new CancellationTokenSource(wait ?? MessageInbox.DefaultWait);
        try
        {
            while (true)
                if (await Stream.ReadAsync(buffer, cts.Token) == 0) return true;
        }
        catch (IOException)
        {
            return true; // reset: closed with our bytes unread
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    public void Dispose() => _client.Dispose();
}
