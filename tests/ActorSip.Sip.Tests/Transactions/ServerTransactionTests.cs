using ActorSip.Sip.Messages;
using ActorSip.Sip.Transactions;
using static ActorSip.Sip.Tests.Transactions.TransactionTestMessages;

namespace ActorSip.Sip.Tests.Transactions;

/// <summary>Server transactions against a recording sender, in virtual time.</summary>
public sealed class ServerTransactionTests
{
    private readonly ManualTimeProvider _time = new();
    private readonly RecordingSender _sender;
    private readonly SipTransactionLayer _layer;
    private readonly List<IncomingRequest> _tu = [];

    public ServerTransactionTests()
    {
        _sender = new RecordingSender(_time);
        _layer = new SipTransactionLayer(_sender, SipTimers.Default, _time) { RequestReceived = _tu.Add };
    }

    private static TimeSpan S(double seconds) => TimeSpan.FromSeconds(seconds);

    [Fact]
    public async Task A_retransmitted_request_gets_the_last_response_again_without_reaching_the_TU()
    {
        var register = IncomingRequest(SipMethods.Register, "z9hG4bK-srv-1");
        _layer.Receive(register);
        _layer.Receive(register); // retransmitted before the TU answered: absorbed, nothing to repeat
        Assert.Single(_tu);
        Assert.Empty(_sender.Sent);

        await _tu[0].RespondAsync(200, "OK", "srv-tag");
        _time.AdvanceTo(S(1));
        _layer.Receive(register);
        _layer.Receive(register);

        Assert.Single(_tu);
        Assert.Equal(3, _sender.Sent.Count);
        Assert.All(_sender.Sent, s => Assert.Same(_sender.Sent[0].Message, s.Message));
        Assert.Equal(200, ((SipResponse)_sender.Sent[0].Message).StatusCode);
        Assert.Equal(Peer, _sender.Sent[0].Target);
        Assert.Throws<InvalidOperationException>(() => { _ = _tu[0].RespondAsync(500, "Again"); });

        // Timer J (64*T1 on UDP, from the final response at 0 s) ends the transaction.
        _time.AdvanceTo(S(31.999));
        Assert.Equal(1, _layer.ServerTransactionCount);
        _time.AdvanceTo(S(32));
        Assert.Equal(0, _layer.ServerTransactionCount);
    }

    [Fact]
    public async Task A_provisional_is_repeated_in_Proceeding_and_a_reliable_transport_ends_at_the_final_response()
    {
        var options = IncomingRequest(SipMethods.Options, "z9hG4bK-srv-tcp", SipTransportKind.Tcp);
        _layer.Receive(options);
        await _tu[0].RespondAsync(180, "Hold on");
        _layer.Receive(options);
        Assert.Equal(2, _sender.TimesOf("SIP/2.0 180").Count);

        await _tu[0].RespondAsync(200, "OK");
        Assert.Equal(0, _layer.ServerTransactionCount); // Timer J is 0 on TCP
        Assert.All(_sender.Sent, s => Assert.Equal(SipTransportKind.Tcp, s.Kind));
    }

    [Fact]
    public void Requests_differing_in_branch_or_sent_by_are_separate_transactions()
    {
        _layer.Receive(IncomingRequest(SipMethods.Register, "z9hG4bK-a"));
        _layer.Receive(IncomingRequest(SipMethods.Register, "z9hG4bK-b"));
        Assert.Equal(2, _tu.Count);
        Assert.Equal(2, _layer.ServerTransactionCount);
    }

    [Fact]
    public void Without_a_TU_handler_requests_are_answered_501()
    {
        var layer = new SipTransactionLayer(_sender, SipTimers.Default, _time);
        layer.Receive(IncomingRequest(SipMethods.Options, "z9hG4bK-nobody"));
        Assert.Equal(501, ((SipResponse)Assert.Single(_sender.Sent).Message).StatusCode);
    }

    [Fact]
    public void A_TU_that_throws_gets_a_500_sent_for_it()
    {
        _layer.RequestReceived = _ => throw new InvalidOperationException("bug");
        _layer.Receive(IncomingRequest(SipMethods.Options, "z9hG4bK-bug"));
        Assert.Equal(500, ((SipResponse)Assert.Single(_sender.Sent).Message).StatusCode);
    }

    [Fact]
    public async Task Invite_server_sends_100_Trying_retransmits_a_486_per_Timer_G_until_the_ACK_and_absorbs_the_ACK()
    {
        var invite = IncomingRequest(SipMethods.Invite, "z9hG4bK-inv");
        _layer.Receive(invite);
        _time.AdvanceTo(S(0.2));
        Assert.Equal([S(0.2)], _sender.TimesOf("SIP/2.0 100"));

        _time.AdvanceTo(S(1));
        await _tu[0].RespondAsync(486, "Busy Here", "busy");
        _time.AdvanceTo(S(8));
        // Timer G from 1 s: T1 doubling up to T2 → 1.5, 2.5, 4.5, 8.5 ...
        Assert.Equal([S(1), S(1.5), S(2.5), S(4.5)], _sender.TimesOf("SIP/2.0 486"));

        _layer.Receive(IncomingAck(invite, "busy"));
        _layer.Receive(IncomingAck(invite, "busy")); // Confirmed absorbs ACK retransmissions
        _time.AdvanceTo(S(12.999));
        Assert.Equal(4, _sender.TimesOf("SIP/2.0 486").Count);
        Assert.Single(_tu); // neither ACK reached the TU
        Assert.Equal(1, _layer.ServerTransactionCount);
        _time.AdvanceTo(S(13)); // Timer I = T4 after the ACK at 8 s
        Assert.Equal(0, _layer.ServerTransactionCount);
    }

    [Fact]
    public async Task Invite_server_gives_up_per_Timer_H_when_no_ACK_comes()
    {
        _layer.Receive(IncomingRequest(SipMethods.Invite, "z9hG4bK-noack"));
        await _tu[0].RespondAsync(603, "Decline");
        _time.AdvanceTo(S(31.999));
        Assert.Equal(1, _layer.ServerTransactionCount);
        _time.AdvanceTo(S(32));
        Assert.Equal(0, _layer.ServerTransactionCount);
        // 0, 0.5, 1.5, 3.5, 7.5, then every 4 s up to 31.5
        Assert.Equal([S(0), S(0.5), S(1.5), S(3.5), S(7.5), S(11.5), S(15.5), S(19.5), S(23.5), S(27.5), S(31.5)],
            _sender.TimesOf("SIP/2.0 603"));
    }

    [Fact]
    public void An_ACK_matching_no_transaction_goes_to_the_TU_without_a_way_to_respond()
    {
        var invite = IncomingRequest(SipMethods.Invite, "z9hG4bK-2xx");
        _layer.Receive(IncomingAck(invite, "x"));
        var ack = Assert.Single(_tu);
        Assert.False(ack.CanRespond);
        Assert.Throws<InvalidOperationException>(() => { _ = ack.RespondAsync(200, "OK"); });
    }
}
