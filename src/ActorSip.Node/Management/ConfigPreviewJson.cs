using ActorSip.Trunks;

namespace ActorSip.Node.Management;

/// <summary>The JSON of a dry run or a diff: items with masked lines, then what the bindings would do.</summary>
public static class ConfigPreviewJson
{
    public static object Of(ConfigChangePreview preview) => new
    {
        items = preview.Items.Select(i => new { kind = i.Kind.ToString().ToLowerInvariant(), item = i.Key.Name, before = i.Before, after = i.After }),
        bindings = new
        {
            register = preview.Plan.BindingsAdded.Select(b => b.Id),
            reregister = preview.Plan.BindingsChanged.Select(b => b.Id),
            unregister = preview.Plan.BindingsRemoved.Select(b => b.Id),
        },
        slices = new { written = preview.Plan.SlicesWritten.Length, cleared = preview.Plan.SlicesCleared.Length },
    };
}
