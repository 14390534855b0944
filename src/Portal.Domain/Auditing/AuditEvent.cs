using Portal.Domain.Common;

namespace Portal.Domain.Auditing;

/// <summary>An append-only record of a state change: who did what to which thing, when.
/// The persistence layer refuses updates and deletes of these rows.</summary>
public sealed class AuditEvent : Entity
{
    private AuditEvent() { Actor = Action = TargetType = TargetId = Summary = ""; }

    public AuditEvent(DateTimeOffset at, string actor, string action, string targetType, string targetId, string summary, Guid? tenantId = null,
        string? actorUserId = null, string? sourceAddress = null, AuditOutcome outcome = AuditOutcome.Succeeded)
    {
        ActorUserId = actorUserId is { Length: > 100 } ? actorUserId[..100] : actorUserId;
        SourceAddress = sourceAddress is { Length: > 100 } ? sourceAddress[..100] : sourceAddress;
        Outcome = outcome;
        At = at;
        Actor = actor;
        Action = action;
        TargetType = targetType;
        TargetId = targetId;
        Summary = summary;
        TenantId = tenantId;
    }

    public DateTimeOffset At { get; private set; }
    /// <summary>Display name and id of the user, or "executor"/"policy" for the system.</summary>
    public string Actor { get; private set; }
    /// <summary>Dotted verb, e.g. "request.approved", "cluster.registered".</summary>
    public string Action { get; private set; }
    public string TargetType { get; private set; }
    public string TargetId { get; private set; }
    public string Summary { get; private set; }
    /// <summary>Null for estate-wide events (a cluster registered); those are visible to estate scopes only.</summary>
    public Guid? TenantId { get; private set; }
    /// <summary>Stamped by the persistence layer when the row is inserted, strictly increasing in insertion order:
    /// the log's order, also between events recorded at the same instant.</summary>
    public long Sequence { get; private set; }
    /// <summary>The portal user id of the actor (null for the system).</summary>
    public string? ActorUserId { get; private set; }
    /// <summary>The client address the action came from, when it came from a person.</summary>
    public string? SourceAddress { get; private set; }
    public AuditOutcome Outcome { get; private set; }
}

/// <summary>What happened to the attempt: done, or refused (authorization, a failed sign-in).</summary>
public enum AuditOutcome { Succeeded, Refused }
