using ActorSip.Trunks.Planning;

namespace ActorSip.Cluster.Registrars;

/// <summary>Every message for a registrar entity names it ("1".."6", "primary", "secondary").</summary>
public interface IRegistrarMessage : IActorSipMessage
{
    string RegistrarId { get; }
}

public static class RegistrarCommands
{
    public sealed record Configure(PlannedRegistrar Registrar) : IRegistrarMessage
    {
        public string RegistrarId => Registrar.Id;
    }

    public sealed record Remove(string RegistrarId) : IRegistrarMessage;

    /// <summary>What one REGISTER to this registrar ended in (status, or null for a timeout/transport error), and
    /// where it went: the registrar's health is the sum of these.</summary>
    public sealed record ReportOutcome(string RegistrarId, string Target, int? Status, DateTimeOffset At) : IRegistrarMessage;
}

public static class RegistrarEvents
{
    public sealed record Configured(PlannedRegistrar Registrar) : IActorSipMessage;

    public sealed record Removed(DateTimeOffset At) : IActorSipMessage;
}

public static class RegistrarQueries
{
    public sealed record GetStatus(string RegistrarId) : IRegistrarMessage;

    /// <summary>One line of `show sip-ua status registrar`.</summary>
    public sealed record Status(
        string RegistrarId, string? Target, int? Expires, string? Transport, bool Configured, string? LastTarget,
        int? LastStatus, DateTimeOffset? LastSuccess, DateTimeOffset? LastFailure, long Successes, long Failures) : IActorSipMessage;
}
