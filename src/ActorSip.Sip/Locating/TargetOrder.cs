namespace ActorSip.Sip.Locating;

/// <summary>
/// Keeps a registrar's target numbering across re-resolutions: bindings hold an index into the list (the target they
/// failed over to, or are registered at), and RFC 2782's weighted random order would renumber the same servers on every
/// TTL expiry. While the records name the same targets, the earlier order stays; when they change, the new one counts.
/// </summary>
public static class TargetOrder
{
    public static IReadOnlyList<SipTarget> Keep(IReadOnlyList<SipTarget>? previous, IReadOnlyList<SipTarget> fresh)
    {
        ArgumentNullException.ThrowIfNull(fresh);
        if (previous is null || previous.Count != fresh.Count)
        {
            return fresh;
        }

        return new HashSet<SipTarget>(previous).SetEquals(fresh) ? previous : fresh;
    }
}
