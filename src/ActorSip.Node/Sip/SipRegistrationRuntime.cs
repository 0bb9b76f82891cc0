using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Threading.RateLimiting;
using ActorSip.Cluster.Bindings;
using ActorSip.Cluster.Credentials;
using ActorSip.Cluster.Metrics;
using ActorSip.Sip;
using ActorSip.Sip.Auth;
using ActorSip.Sip.Locating;
using ActorSip.Sip.Messages;
using ActorSip.Sip.Transactions;
using ActorSip.Sip.Transport;
using ActorSip.Trunks;
using ActorSip.Trunks.Planning;
using ActorSip.Trunks.Registration;

namespace ActorSip.Node.Sip;

/// <summary>
/// The node's SIP side of every binding: RFC 3263 resolution (asked of the locator for every REGISTER; it answers from
/// its cache until the records' TTL runs out, so a changed SRV set is followed), REGISTER over the transaction
/// layer, digest answers with the credential the directory chose, and a node-wide rate limit so a restart with
/// thousands of bindings never bursts. Between a lookup and the REGISTER that answers it, the chosen password stays
/// encrypted (<see cref="PendingCredentials"/>); it is decrypted only for that one digest computation.
/// </summary>
public sealed class SipRegistrationRuntime : IRegistrationRuntime, IDisposable
{
    private readonly SipTransactionLayer _transactions;
    private readonly ISipServerLocator _locator;
    private readonly ICredentialDirectory _directory;
    private readonly DigestClient _digest = new();
    private readonly RateLimiter _limiter;
    private readonly ConcurrentDictionary<string, ResolvedTargets> _resolved = new(StringComparer.Ordinal);
    private readonly TaskCompletionSource _open = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public SipRegistrationRuntime(SipTransactionLayer transactions, ISipServerLocator locator, ICredentialDirectory directory,
        RegistrationPolicy policy, TimeProvider time, string nodeName, TimeSpan startupSpread,
        int maxRegistersPerSecond)
    {
        _transactions = transactions;
        _locator = locator;
        _directory = directory;
        Policy = policy;
        Time = time;
        NodeName = nodeName;
        _startupSpread = startupSpread;
        _startedAt = time.GetUtcNow();
        var rate = Math.Max(1, maxRegistersPerSecond);
        _limiter = new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
        {
            TokenLimit = rate, TokensPerPeriod = rate, ReplenishmentPeriod = TimeSpan.FromSeconds(1),
            QueueLimit = int.MaxValue, QueueProcessingOrder = QueueProcessingOrder.OldestFirst, AutoReplenishment = true,
        });
    }

    public RegistrationPolicy Policy { get; }

    /// <summary>The credentials chosen and not yet used, encrypted; the runtime keeps no other password.</summary>
    public PendingCredentials Pending { get; } = new();
    public TimeProvider Time { get; }
    public string NodeName { get; }
    /// <summary>The configured spread while the node itself is starting (its whole journal restarts at once); later,
    /// bindings that arrive by failover start at once and only the rate limit paces them, so failover stays short.</summary>
    public TimeSpan StartupSpread => Time.GetUtcNow() - _startedAt < TimeSpan.FromSeconds(30) ? _startupSpread : TimeSpan.Zero;

    private readonly TimeSpan _startupSpread;
    private readonly DateTimeOffset _startedAt;

    /// <summary>The registrar shard region, told the outcome of every REGISTER (its health); null in tests without it.</summary>
    public Akka.Actor.IActorRef? Registrars { get; init; }

    /// <summary>Which bindings each TCP/TLS connection carries, told after every REGISTER; null in tests without it.</summary>
    public RegistrarFlows? Flows { get; init; }

    /// <summary>Targets replaced by a demo registrar (registrar id → loopback endpoint), when the configured one is unreachable.</summary>
    public ConcurrentDictionary<string, IPEndPoint> Overrides { get; } = new(StringComparer.Ordinal);

    /// <summary>The endpoint at the address this registrar reaches us at (<see cref="SipSentBy"/>: advertised, or the
    /// local address toward its first resolved target), so each node's Contact differs even on a wildcard listener.</summary>
    public string ContactFor(EndpointNumber endpoint, PlannedRegistrar registrar)
    {
        var sentBy = _transactions.SentBy;
        var address = _resolved.TryGetValue(registrar.Id, out var resolved) && resolved.Targets.Count > 0
            ? sentBy.For(resolved.Targets[0].Transport, resolved.Targets[0].EndPoint)
            : Overrides.TryGetValue(registrar.Id, out var demo) ? sentBy.For(SipTransportKind.Udp, demo) : null;
        var (host, port) = address ?? sentBy.ForUnknownTarget(registrar.Transport) ?? sentBy.ForUnknownTarget(SipTransportKind.Udp)
            ?? throw new InvalidOperationException("no SIP listener bound");
        return RegisterMessages.ContactFor(endpoint, host, port, registrar.Transport);
    }

    public async Task<int> ResolveAsync(PlannedRegistrar registrar, CancellationToken ct)
    {
        await _open.Task.WaitAsync(ct).ConfigureAwait(false);
        return Math.Max((await TargetsAsync(registrar, ct).ConfigureAwait(false)).Targets.Count, 1);
    }

    public async Task<IReadOnlyList<SipTarget>> LocateAsync(PlannedRegistrar registrar, CancellationToken ct) =>
        (await TargetsAsync(registrar, ct).ConfigureAwait(false)).Targets;

    /// <summary>The registrar's targets now, numbered as before while the records name the same servers
    /// (<see cref="TargetOrder"/>), or no targets and the "dns: ..." text saying why.</summary>
    private async Task<(IReadOnlyList<SipTarget> Targets, string? Failure)> TargetsAsync(PlannedRegistrar registrar, CancellationToken ct)
    {
        if (Overrides.TryGetValue(registrar.Id, out var demo))
            return ([new SipTarget(demo, SipTransportKind.Udp, demo.Address.ToString(), 0, 0)], null);
        if (!SipTargetSpec.TryParseIosTarget(registrar.Target.ToString(), registrar.Transport, registrar.Scheme == RegistrarScheme.Sips, out var spec, out var error))
            return ([], $"dns: {registrar.Target}: {error.TrimStart('%', ' ')}");
        var result = await _locator.LocateAsync(spec, ct).ConfigureAwait(false);
        _resolved.TryGetValue(registrar.Id, out var known);
        if (result.IsSuccess)
        {
            if (known is not null && ReferenceEquals(known.Source, result)) return (known.Targets, null);
            var targets = TargetOrder.Keep(known?.Targets, result.Targets);
            _resolved[registrar.Id] = new ResolvedTargets(result, targets);
            return (targets, null);
        }
        // RFC 8767 (serve stale): a name server that is down or failing says nothing about the registrar, so the last
        // targets it gave stay in use; an answer that the records are gone (NXDOMAIN, no SRV/A) does not.
        if (known is not null && result.Failure!.Kind is LocateFailureKind.Timeout or LocateFailureKind.DnsError or LocateFailureKind.NoNameServer)
            return (known.Targets, null);
        return ([], result.Failure!.Describe(spec.Host));
    }

    private sealed record ResolvedTargets(LocateResult Source, IReadOnlyList<SipTarget> Targets);

    /// <summary>Lets REGISTERs go out: the node opens it once it knows which registrars are demo registrars.</summary>
    public void Open() => _open.TrySetResult();

    public async Task<RegistrationInput> SendRegisterAsync(BindingSpec spec, BindingState state, RegistrationEffect.SendRegister send, CancellationToken ct)
    {
        await _open.Task.WaitAsync(ct).ConfigureAwait(false);
        var (targets, unresolved) = await TargetsAsync(spec.Registrar, ct).ConfigureAwait(false);
        if (targets.Count == 0) return new RegistrationInput.Failed(send.CSeq, TransactionFailure.Unresolved, unresolved);
        // An index past a list that shrank since the machine chose it starts again from the top.
        var index = send.TargetIndex >= 0 && send.TargetIndex < targets.Count ? send.TargetIndex : 0;
        var target = targets[index];
        var sent = new TargetChoice(index, targets.Count);

        string? header = null, value = null;
        if (send.Challenge is { } challenge && send.Credential is not null
            && DigestChallenge.ChooseStrongest([challenge.Header], challenge.Proxy) is { } digest
            && Pending.Authorize(spec.BindingId, _digest, digest, SipMethods.Register, RegisterMessages.RegistrarUri(spec.Registrar).ToString()) is { } authorization)
        {
            header = DigestClient.HeaderFor(digest);
            value = authorization;
        }
        var request = RegisterMessages.Build(spec.EndpointNumber, spec.Registrar, state, send, header, value);

        using var lease = await _limiter.AcquireAsync(1, ct).ConfigureAwait(false);
        var registrarTag = new KeyValuePair<string, object?>("registrar", spec.Registrar.Id);
        ActorSipMetrics.RegisterSent.Add(1, registrarTag);
        // RFC 5922: a TLS registrar's certificate must be valid for the configured domain (or address), not the SRV target.
        var serverName = spec.Registrar.Target.Host;
        var result = await _transactions.SendRequestAsync(request, target.EndPoint, target.Transport, ct, serverName: serverName).ConfigureAwait(false);
        Flows?.Record(spec.BindingId, target.Transport, target.EndPoint, serverName,
            send.Expires > 0 && result.Response is { StatusCode: >= 200 and < 300 });
        if (result.Response is { } response)
            ActorSipMetrics.RegisterResponses.Add(1, registrarTag, new KeyValuePair<string, object?>("code", response.StatusCode));
        else
            ActorSipMetrics.RegisterFailures.Add(1, registrarTag,
                new KeyValuePair<string, object?>("reason", result.Outcome == ClientTransactionOutcome.Timeout ? "timeout" : "transport"));
        Registrars?.Tell(new ActorSip.Cluster.Registrars.RegistrarCommands.ReportOutcome(
            spec.Registrar.Id, $"{target.Transport.ToString().ToLowerInvariant()}:{target.EndPoint}", result.Response?.StatusCode, Time.GetUtcNow()), Akka.Actor.ActorRefs.NoSender);
        return result.Outcome switch
        {
            ClientTransactionOutcome.Response => RegisterMessages.Interpret(result.Response!, state.Contact ?? "", ParseChallenge) with { Sent = sent },
            ClientTransactionOutcome.Timeout => new RegistrationInput.Failed(send.CSeq, TransactionFailure.Timeout) { Sent = sent },
            _ when CertificateRefusal(result.Error) is { } refused =>
                new RegistrationInput.Failed(send.CSeq, TransactionFailure.CertificateNotTrusted, refused.Reason) { Sent = sent },
            _ => new RegistrationInput.Failed(send.CSeq, TransactionFailure.TransportError,
                result.Error is { } e ? $"transport error: {e.Message}" : null) { Sent = sent },
        };
    }

    private static SipTlsCertificateException? CertificateRefusal(Exception? error)
    {
        for (var e = error; e is not null; e = e.InnerException)
            if (e is SipTlsCertificateException refused) return refused;
        return null;
    }

    /// <summary>The strongest Digest challenge of the response, as the machine sees it; the raw value rides along.</summary>
    public static RegistrarChallenge? ParseChallenge(IReadOnlyList<string> values, bool proxy) =>
        DigestChallenge.ChooseStrongestWithHeader(values, proxy) is var (c, header)
            ? new RegistrarChallenge(c.Realm, c.Nonce, c.Stale, proxy, header)
            : null;

    public async Task<RegistrationInput.CredentialResolved> LookupCredentialAsync(BindingSpec spec, RegistrarChallenge challenge, CancellationToken ct)
    {
        var realm = string.IsNullOrEmpty(challenge.Realm) ? (Realm?)null : new Realm(challenge.Realm);
        var choice = await _directory.LookupAsync(
            new Challenge(realm, null, ChallengedMethod.Register, spec.EndpointNumber, null), ct).ConfigureAwait(false);
        if (choice is not CredentialLookup.Answer answer) return new RegistrationInput.CredentialResolved(null);
        Pending.Hold(spec.BindingId, answer);
        return new RegistrationInput.CredentialResolved(new CredentialHandle($"{spec.Endpoint}/{answer.Realm?.Value ?? "*"}", answer.Username));
    }

    public void Dispose() => _limiter.Dispose();
}
