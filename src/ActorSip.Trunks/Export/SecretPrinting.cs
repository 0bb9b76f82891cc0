namespace ActorSip.Trunks.Export;

/// <summary>Whether exported text shows passwords or replaces each with <see cref="Secret.Mask"/>.</summary>
public enum SecretPrinting
{
    Masked,
    Shown,
}
