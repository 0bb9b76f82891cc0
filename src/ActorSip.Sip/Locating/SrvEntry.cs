namespace ActorSip.Sip.Locating;

/// <summary>The parts of an SRV record the locator uses, free of any DNS library type.</summary>
internal sealed record SrvEntry(int Priority, int Weight, int Port, string Target, int Ttl = 0);
