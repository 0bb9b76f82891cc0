using ActorSip.Sip.Messages;
using ActorSip.Sip.Transactions;
using ActorSip.Sip.Transport;
using static ActorSip.Sip.Tests.Transactions.TransactionTestMessages;

namespace ActorSip.Sip.Tests.Transactions;

/// <summary>Client transactions against a recording sender, in virtual time.</summary>
public sealed class ClientTransactionTests
{
    private readonly ManualTimeProvider _time = new();
    private readonly RecordingSender _sender;
    private readonly SipTransactionLayer _layer;

    public ClientTransactionTests()
    {
        _sender = new RecordingSender(_time);
        _layer = new SipTransactionLayer(_sender, SipTimers.Default, _time);
    }

    private static TimeSpan S(double seconds) => TimeSpan.FromSeconds(seconds);

    [Fact]
    public void Our_via_with_rport_and_a_fresh_branch_is_added_when_the_request_has_none()
    {
        var request = Request(SipMethods.Register);
        _ = _layer.SendRequestAsync(request, Peer, SipTransportKind.Udp);

        var via = request.TopVia!;
        Assert.True(via.HasRfc3261Branch);
        Assert.True(via.HasRport);
        Assert.Equal("UDP", via.Transport);
        Assert.Equal("192.0.2.1", via.Host);
        Assert.Equal(5070, via.Port);
        Assert.Single(_sender.Sent);
        Assert.NotEqual(SipBranch.New(), SipBranch.New());
    }

    [Fact]
    public async Task A_final_response_completes_the_transaction_and_Timer_K_then_forgets_it()
    {
        var request = Request(SipMethods.Register);
        var result = _layer.SendRequestAsync(request, Peer, SipTransportKind.Udp);
        _layer.Receive(Response(request, 503, "Service Unavailable"));

        var r = await result.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(ClientTransactionOutcome.Response, r.Outcome);
        Assert.Equal(503, r.StatusCode);
        // Completed absorbs retransmissions for T4, then the transaction is gone.
        Assert.Equal(1, _layer.ClientTransactionCount);
        _layer.Receive(Response(request, 503, "Service Unavailable"));
        Assert.Equal(0, _layer.StrayResponses);
        _time.Advance(S(4.999));
        Assert.Equal(1, _layer.ClientTransactionCount);
        _time.Advance(S(0.001));
        Assert.Equal(0, _layer.ClientTransactionCount);
        Assert.Single(_sender.Sent); // no retransmission once completed
    }

    [Fact]
    public async Task A_provisional_response_moves_to_Proceeding_where_Timer_E_retransmits_every_T2()
    {
        var request = Request(SipMethods.Register);
        var provisional = new List<int>();
        var result = _layer.SendRequestAsync(request, Peer, SipTransportKind.Udp, onProvisional: r => provisional.Add(r.StatusCode));
        _time.AdvanceTo(S(0.6)); // one retransmission at 0.5 s; Timer E is now 1 s (due at 1.5 s)
        _layer.Receive(Response(request, 100, "Trying", null));
        _time.AdvanceTo(S(12));

        Assert.Equal([100], provisional);
        // 0, 0.5, then 1.5 (the pending E), then every T2 = 4 s: 5.5, 9.5.
        Assert.Equal([S(0), S(0.5), S(1.5), S(5.5), S(9.5)], _sender.TimesOf("REGISTER"));
        _layer.Receive(Response(request, 200, "OK"));
        Assert.Equal(200, (await result.WaitAsync(TimeSpan.FromSeconds(5))).StatusCode);
    }

    [Fact]
    public async Task Over_a_reliable_transport_nothing_is_retransmitted_and_Timer_F_still_times_out()
    {
        var request = Request(SipMethods.Options);
        var result = _layer.SendRequestAsync(request, Peer, SipTransportKind.Tcp);
        _time.AdvanceTo(S(31.999));
        Assert.False(result.IsCompleted);
        _time.AdvanceTo(S(32));

        var r = await result.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(ClientTransactionOutcome.Timeout, r.Outcome);
        Assert.Null(r.Response);
        Assert.Equal([S(0)], _sender.TimesOf("OPTIONS"));
        Assert.Equal("TCP", request.TopVia!.Transport);
    }

    [Fact]
    public async Task A_send_failure_is_a_transport_error_not_a_response()
    {
        _sender.FailWith = new System.Net.Sockets.SocketException((int)System.Net.Sockets.SocketError.ConnectionRefused);
        var result = await _layer.SendRequestAsync(Request(SipMethods.Register), Peer, SipTransportKind.Tcp).WaitAsync(TimeSpan.FromSeconds(5));

        Assert.Equal(ClientTransactionOutcome.TransportError, result.Outcome);
        Assert.IsType<System.Net.Sockets.SocketException>(result.Error);
        Assert.Equal(0, _layer.ClientTransactionCount);
    }

    [Fact]
    public async Task Cancelling_stops_retransmissions_and_cancels_the_task()
    {
        using var cts = new CancellationTokenSource();
        var result = _layer.SendRequestAsync(Request(SipMethods.Register), Peer, SipTransportKind.Udp, cts.Token);
        _time.AdvanceTo(S(1));
        await cts.CancelAsync();
        _time.AdvanceTo(S(40));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => result);
        Assert.Equal([S(0), S(0.5)], _sender.TimesOf("REGISTER"));
        Assert.Equal(0, _layer.ClientTransactionCount);
    }

    [Fact]
    public void A_response_with_another_branch_or_method_matches_nothing()
    {
        var request = Request(SipMethods.Register);
        _ = _layer.SendRequestAsync(request, Peer, SipTransportKind.Udp);
        var other = Request(SipMethods.Options);
        SipViaRewriter.ReplaceTop(other, request.TopVia!); // same branch, other method
        _layer.Receive(Response(other, 200, "OK"));

        Assert.Equal(1, _layer.StrayResponses);
        Assert.Equal(1, _layer.ClientTransactionCount);
    }

    [Fact]
    public async Task Invite_non_2xx_is_acknowledged_in_the_transaction_and_the_ack_repeated_for_retransmissions()
    {
        var invite = Request(SipMethods.Invite, cseq: 4, route: "<sip:proxy.example.com;lr>");
        var result = _layer.SendRequestAsync(invite, Peer, SipTransportKind.Udp);
        _layer.Receive(Response(invite, 407, "Proxy Authentication Required", "uas-tag"));

        var r = await result.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(407, r.StatusCode);
        var ack = Assert.IsType<SipRequest>(_sender.Sent.Single(s => s.Message is SipRequest { Method: SipMethods.Ack }).Message);
        Assert.Equal(invite.TopVia!.Branch, ack.TopVia!.Branch);
        Assert.Single(ack.Vias);
        Assert.Equal("uas-tag", ack.To!.Tag);
        Assert.Equal(new CSeqHeader(4, SipMethods.Ack), ack.CSeq);
        Assert.Equal(invite.RequestUri, ack.RequestUri);
        Assert.Equal(invite.CallId, ack.CallId);
        Assert.Equal("from1", ack.From!.Tag);
        Assert.Equal(["<sip:proxy.example.com;lr>"], ack.Headers.GetAll(HeaderId.Route));
        Assert.Equal(Peer, _sender.Sent.Last().Target);

        // Timer D (32 s on UDP): a retransmitted 407 gets the ACK again, then the transaction ends.
        _time.AdvanceTo(TimeSpan.FromSeconds(10));
        _layer.Receive(Response(invite, 407, "Proxy Authentication Required", "uas-tag"));
        Assert.Equal(2, _sender.TimesOf("ACK").Count);
        _time.AdvanceTo(TimeSpan.FromSeconds(32));
        Assert.Equal(0, _layer.ClientTransactionCount);
        Assert.Equal([S(0)], _sender.TimesOf("INVITE")); // the final response stopped Timer A at once
    }

    [Fact]
    public async Task Invite_Timer_A_doubles_without_a_cap_and_Timer_B_times_out_at_64_T1()
    {
        var result = _layer.SendRequestAsync(Request(SipMethods.Invite), Peer, SipTransportKind.Udp);
        _time.AdvanceTo(S(31.999));
        Assert.False(result.IsCompleted);
        _time.AdvanceTo(S(32));

        Assert.Equal(ClientTransactionOutcome.Timeout, (await result.WaitAsync(TimeSpan.FromSeconds(5))).Outcome);
        Assert.Equal([S(0), S(0.5), S(1.5), S(3.5), S(7.5), S(15.5), S(31.5)], _sender.TimesOf("INVITE"));
        Assert.Equal(0, _layer.ClientTransactionCount);
    }

    [Fact]
    public async Task Invite_2xx_ends_the_transaction_without_an_ack_from_it()
    {
        var invite = Request(SipMethods.Invite);
        var provisional = new List<int>();
        var result = _layer.SendRequestAsync(invite, Peer, SipTransportKind.Udp, onProvisional: r => provisional.Add(r.StatusCode));
        _layer.Receive(Response(invite, 180, "Ringing"));
        _time.AdvanceTo(S(40)); // Proceeding: no retransmission, no Timer B
        _layer.Receive(Response(invite, 200, "OK"));

        Assert.Equal(200, (await result.WaitAsync(TimeSpan.FromSeconds(5))).StatusCode);
        Assert.Equal([180], provisional);
        Assert.Empty(_sender.TimesOf("ACK"));
        Assert.Equal([S(0)], _sender.TimesOf("INVITE"));
        Assert.Equal(0, _layer.ClientTransactionCount);
    }
}
