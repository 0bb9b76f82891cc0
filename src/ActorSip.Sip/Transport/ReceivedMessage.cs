using System.Net;
using ActorSip.Sip.Messages;

namespace ActorSip.Sip.Transport;

/// <summary>A parsed message as a transport handed it up: who sent it, over what, to which of our addresses.</summary>
public sealed record ReceivedMessage(SipMessage Message, IPEndPoint Remote, SipTransportKind Transport, IPEndPoint Local);
