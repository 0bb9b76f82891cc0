namespace ActorSip.IntegrationTests.Peers;

/// <summary>One REGISTER a registrar received and the status it answered with (0: dropped without answer).</summary>
/// <param name="Expires">Expiry the client asked for (Contact expires param, else Expires header; -1 if neither).</param>
public sealed record RegisterRecord(string CallId, int CSeq, int Expires, int AuthorizationHeaders, int Status);
