namespace ActorSip.Trunks;

/// <summary>The configuration after a command, or the unchanged configuration and the IOS-style error that refused it.</summary>
public readonly record struct ApplyResult(TrunkConfig Config, string? Error)
{
    public bool IsOk => Error is null;

    public static ApplyResult Ok(TrunkConfig config) => new(config, null);

    public static ApplyResult Refused(TrunkConfig unchanged, string error) => new(unchanged, error);
}
