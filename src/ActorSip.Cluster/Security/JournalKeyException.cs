namespace ActorSip.Cluster.Security;

/// <summary>
/// The journal key is missing, malformed or does not open the journal's secrets. The message says where the key is
/// looked for (data dir, environment variable), never the key or a secret, so it can be logged and shown as is.
/// </summary>
public sealed class JournalKeyException : Exception
{
    public JournalKeyException(string message) : base(message)
    {
    }

    public JournalKeyException(string message, Exception inner) : base(message, inner)
    {
    }
}
