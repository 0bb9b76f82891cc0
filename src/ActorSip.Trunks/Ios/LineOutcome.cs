using System.Collections.Immutable;

namespace ActorSip.Trunks.Ios;

/// <summary>The mode the parser is in: which section the next indented or unprompted line belongs to.</summary>
internal enum IosMode
{
    Global,
    SipUa,
    DialPeer,
    Unrelated,
}

/// <summary>What one command line did: commands to apply, a refusal, an incomplete command, a mode change, or nothing.</summary>
internal sealed record LineOutcome(ImmutableArray<TrunkCommand> Commands, string? Error, bool Incomplete, IosMode? EnterMode, DialPeerTag? DialPeer)
{
    public static LineOutcome Ignored { get; } = new([], null, false, null, null);

    public static LineOutcome Of(params TrunkCommand[] commands) => new([.. commands], null, false, null, null);

    public static LineOutcome Fail(string error) => new([], error, false, null, null);

    public static LineOutcome MissingWords { get; } = new([], "% Incomplete command.", true, null, null);

    public static LineOutcome Enter(IosMode mode, DialPeerTag? tag = null, params TrunkCommand[] commands) => new([.. commands], null, false, mode, tag);

    public static LineOutcome Invalid(string word) => Fail($"% Invalid input detected at '{word}'");
}
