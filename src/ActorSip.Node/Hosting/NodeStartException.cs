namespace ActorSip.Node.Hosting;

/// <summary>A start phase's error text for the operator (config errors as FILE:LINE lines): the hosted service throws
/// it so the Generic Host stops starting, and Program prints the text and exits with 1.</summary>
public sealed class NodeStartException(string message) : Exception(message)
{
    public static void ThrowIfFailed(string? error)
    {
        if (error is not null) throw new NodeStartException(error);
    }

    /// <summary>The text to print for a failed start, or null when the exception is not one the operator can fix
    /// (those stay unhandled, with their stack trace).</summary>
    public static string? ReasonOf(Exception e) => e switch
    {
        AggregateException { InnerExceptions.Count: 1 } a => ReasonOf(a.InnerExceptions[0]),
        NodeStartException or System.Net.Sockets.SocketException or IOException or InvalidOperationException => e.Message,
        _ => null,
    };
}
