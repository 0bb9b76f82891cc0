namespace ActorSip.Sip.Transport;

/// <summary>A message could not be handed to any transport (none bound for the kind or address family).</summary>
public sealed class SipTransportException(string message, Exception? inner = null) : IOException(message, inner);
