using ActorSip.Sip;
using ActorSip.Trunks;
using ActorSip.Trunks.Planning;
using ActorSip.Trunks.Registration;

namespace ActorSip.Cluster.Bindings;

/// <summary>
/// What a binding needs from its node: the SIP side (resolve, send a REGISTER and get its outcome), the
/// credential directory, the clock and the policy. The binding actor stays a thin shell around the pure machine.
/// </summary>
public interface IRegistrationRuntime
{
    RegistrationPolicy Policy { get; }

    TimeProvider Time { get; }

    /// <summary>This node's name for status lines (the Akka address).</summary>
    string NodeName { get; }

    /// <summary>Spread the first REGISTERs of a (re)start over this window.</summary>
    TimeSpan StartupSpread { get; }

    /// <summary>This node's Contact for the endpoint at this registrar, asked after <see cref="ResolveAsync"/> (the
    /// address can depend on the route to the registrar); after a failover it differs from the old node's.</summary>
    string ContactFor(EndpointNumber endpoint, PlannedRegistrar registrar);

    /// <summary>How many targets the registrar resolves to now (RFC 3263), at least 1.</summary>
    Task<int> ResolveAsync(PlannedRegistrar registrar, CancellationToken ct);

    /// <summary>Sends the REGISTER (answering the challenge when the effect carries a credential) and returns the
    /// final response or the transaction failure as the machine's input. Never throws for network trouble.</summary>
    Task<RegistrationInput> SendRegisterAsync(BindingSpec spec, BindingState state, RegistrationEffect.SendRegister send, CancellationToken ct);

    /// <summary>Asks the credential directory which credential answers the challenge (the determination order).</summary>
    Task<RegistrationInput.CredentialResolved> LookupCredentialAsync(BindingSpec spec, RegistrarChallenge challenge, CancellationToken ct);
}
