using System.Collections.Immutable;

namespace ActorSip.Trunks.Planning;

/// <summary>
/// What a change of configuration asks of the cluster, from the plan before and the plan after: the credential slices
/// to write (new or different) and to clear, the registrars to configure and remove, and the bindings that start
/// (register), change registrar settings (re-register), stay as they are, or go (un-register).
/// </summary>
public sealed record PlanDiff(
    ImmutableArray<CredentialSlice> SlicesWritten,
    ImmutableArray<string> SlicesCleared,
    ImmutableArray<PlannedRegistrar> RegistrarsConfigured,
    ImmutableArray<string> RegistrarsRemoved,
    ImmutableArray<PlannedBinding> BindingsAdded,
    ImmutableArray<PlannedBinding> BindingsChanged,
    ImmutableArray<PlannedBinding> BindingsKept,
    ImmutableArray<PlannedBinding> BindingsRemoved)
{
    public static PlanDiff Between(TrunkPlan before, TrunkPlan after)
    {
        var oldSlices = before.CredentialSlices.ToDictionary(s => s.Id, StringComparer.Ordinal);
        var newSlices = after.CredentialSlices.Select(s => s.Id).ToHashSet(StringComparer.Ordinal);
        var oldRegistrars = before.Registrars.ToDictionary(r => r.Id, StringComparer.Ordinal);
        var newRegistrars = after.Registrars.Select(r => r.Id).ToHashSet(StringComparer.Ordinal);
        var changedRegistrars = after.Registrars
            .Where(r => !oldRegistrars.TryGetValue(r.Id, out var old) || !old.Equals(r)).Select(r => r.Id).ToHashSet(StringComparer.Ordinal);
        var oldBindings = before.Bindings.Select(b => b.Id).ToHashSet(StringComparer.Ordinal);
        var newBindings = after.Bindings.Select(b => b.Id).ToHashSet(StringComparer.Ordinal);
        return new PlanDiff(
            [.. after.CredentialSlices.Where(s => !oldSlices.TryGetValue(s.Id, out var old) || !old.Equals(s))],
            [.. before.CredentialSlices.Where(s => !newSlices.Contains(s.Id)).Select(s => s.Id)],
            [.. after.Registrars.Where(r => changedRegistrars.Contains(r.Id))],
            [.. before.Registrars.Where(r => !newRegistrars.Contains(r.Id)).Select(r => r.Id)],
            [.. after.Bindings.Where(b => !oldBindings.Contains(b.Id))],
            [.. after.Bindings.Where(b => oldBindings.Contains(b.Id) && changedRegistrars.Contains(b.RegistrarId))],
            [.. after.Bindings.Where(b => oldBindings.Contains(b.Id) && !changedRegistrars.Contains(b.RegistrarId))],
            [.. before.Bindings.Where(b => !newBindings.Contains(b.Id))]);
    }

    public bool IsEmpty =>
        SlicesWritten.IsEmpty && SlicesCleared.IsEmpty && RegistrarsConfigured.IsEmpty && RegistrarsRemoved.IsEmpty
        && BindingsAdded.IsEmpty && BindingsChanged.IsEmpty && BindingsRemoved.IsEmpty;
}
