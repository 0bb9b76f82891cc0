namespace ActorSip.Trunks;

/// <summary>One refused line: printed as `FILE:LINE: message`. Messages never contain a password.</summary>
public sealed record ConfigError(string File, int Line, string Message)
{
    public override string ToString() => $"{File}:{Line}: {Message}";
}
