namespace ActorSip.Sip.Locating;

/// <summary>The parts of a NAPTR record the locator uses, free of any DNS library type.</summary>
internal sealed record NaptrEntry(int Order, int Preference, string Flags, string Services, string Replacement);
