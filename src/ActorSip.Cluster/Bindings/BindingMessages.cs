using ActorSip.Trunks;
using ActorSip.Trunks.Planning;
using ActorSip.Trunks.Registration;

namespace ActorSip.Cluster.Bindings;

/// <summary>Every message for a binding entity names it; the shard region routes by this id ("1111@1").</summary>
public interface IBindingMessage : IActorSipMessage
{
    string BindingId { get; }
}

/// <summary>Which endpoint registers with which registrar, as configured. Persisted with the binding so that an
/// entity restarted by remember-entities on another node knows what to do without being told again.</summary>
public sealed record BindingSpec(string Endpoint, PlannedRegistrar Registrar)
{
    public string BindingId => $"{Endpoint}@{Registrar.Id}";

    public EndpointNumber EndpointNumber => ActorSip.Trunks.EndpointNumber.Parse(Endpoint);
}

public static class BindingCommands
{
    /// <summary>Register (or keep registering) per this spec; a changed spec (new target or expiry) re-registers.
    /// <paramref name="Added"/>: the binding has just entered the configuration, so it starts even if an earlier
    /// removal or `sip-ua unregister` left it stopped with the same spec.</summary>
    public sealed record Configure(BindingSpec Spec, bool Added = false) : IBindingMessage
    {
        public string BindingId => Spec.BindingId;
    }

    /// <summary>The endpoint or the registrar left the configuration: un-REGISTER, then stop for good.</summary>
    public sealed record Remove(string BindingId) : IBindingMessage;

    /// <summary>`sip-ua register now`.</summary>
    public sealed record RegisterNow(string BindingId) : IBindingMessage;

    /// <summary>The node lost the TCP/TLS connection this binding registered over: register again if registered.</summary>
    public sealed record ConnectionLost(string BindingId) : IBindingMessage;

    /// <summary>`sip-ua unregister`: Expires 0, then down until `register now` or a change of its configuration.</summary>
    public sealed record Unregister(string BindingId) : IBindingMessage;
}

public static class BindingEvents
{
    /// <summary>The binding's configuration; the registration facts themselves are <see cref="BindingEvent"/>s.</summary>
    public sealed record Configured(BindingSpec Spec) : IActorSipMessage;
}

public static class BindingQueries
{
    public sealed record GetStatus(string BindingId) : IBindingMessage;

    /// <summary>One line of `show sip-ua register status`.</summary>
    public sealed record Status(
        string BindingId, string Endpoint, string RegistrarId, string Registrar, BindingPhase Phase,
        DateTimeOffset? ExpiresAt, int? LastStatus, string? LastReason, string CallId, uint CSeq, string Node) : IActorSipMessage;
}

/// <summary>Published on the node's event stream on every phase change: the log line and the summary come from it.</summary>
public sealed record BindingStatusChanged(BindingQueries.Status Status, BindingPhase Previous);

/// <summary>Published when a binding entity stops on this node (hand-off, passivation, crash before restart).</summary>
public sealed record BindingLeftNode(string BindingId);
