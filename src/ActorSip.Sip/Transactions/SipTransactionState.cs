namespace ActorSip.Sip.Transactions;

/// <summary>The states of RFC 3261 §17 figures 5–8 (Calling only for INVITE clients, Confirmed only for INVITE servers).</summary>
public enum SipTransactionState
{
    Calling,
    Trying,
    Proceeding,
    Completed,
    Confirmed,
    Terminated,
}
