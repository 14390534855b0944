using Portal.Domain.Access;
using Portal.Domain.Common;

namespace Portal.Domain.Requests;

/// <summary>Per tenant and kind of request: approved automatically, or by someone holding a persona
/// in that tenant. Without a policy row, <see cref="Default"/> applies.</summary>
public sealed class ApprovalPolicy : Entity, ITenantOwned
{
    private ApprovalPolicy() { }

    public ApprovalPolicy(Guid tenantId, RequestKind kind, bool requiresApproval, Persona approverPersona)
    {
        TenantId = tenantId;
        Kind = kind;
        Update(requiresApproval, approverPersona);
    }

    public Guid TenantId { get; private set; }
    public RequestKind Kind { get; private set; }
    public bool RequiresApproval { get; private set; }
    public Persona ApproverPersona { get; private set; }

    public void Update(bool requiresApproval, Persona approverPersona)
    {
        if (Kind == RequestKind.ApplicationMigration)
        {
            // For migrations the wave is approved by a platform engineer; the tenant's policy only says whether its
            // application owners must acknowledge the move of their applications first.
            if (approverPersona != Persona.ApplicationOwner)
                throw new DomainException("Moves of a tenant's applications are acknowledged by its application owners.");
        }
        else if (requiresApproval && approverPersona is not (Persona.SreEngineer or Persona.PlatformEngineer))
            throw new DomainException("Approvals can be given by an SRE or a platform engineer.");
        RequiresApproval = requiresApproval;
        ApproverPersona = approverPersona;
    }

    /// <summary>Sensible defaults: what only reads or adds (backups, dumps, schedules, a restore into a new
    /// database) goes straight to the queue; what writes over live data (a namespace restore, overwriting a
    /// database) needs an SRE of the tenant.</summary>
    public static (bool RequiresApproval, Persona Approver) Default(RequestKind kind) => kind switch
    {
        // Owners acknowledging the move of their application is opt-in per tenant.
        RequestKind.ApplicationMigration => (false, Persona.ApplicationOwner),
        RequestKind.MigrationRollback => (false, Persona.PlatformEngineer),
        // "Back up now" from a protection's Schedule is a backup like any other; protecting a namespace (or changing,
        // pausing, removing its protection) is one click within the rules, as a dump schedule's change is: a tenant
        // that wants an SRE to look first says so in its approval policy. Removal is guarded by a typed confirmation
        // and the tenant's minimum.
        RequestKind.NamespaceBackup or RequestKind.DumpScheduleChange or RequestKind.DatabaseDump
            or RequestKind.DatabaseRestore or RequestKind.RecoveryPoint or RequestKind.ProtectionBackupNow
            or RequestKind.ProtectionChange => (false, Persona.SreEngineer),
        // A drill restores into a scratch namespace of its own, isolated and removed afterwards: it never writes over live
        // data, so it runs at once unless the tenant's policy asks an SRE to look first (as for backups).
        RequestKind.RestoreDrill => (false, Persona.SreEngineer),
        // A snapshot only adds a recovery point, and a restore into a new claim touches nothing that exists; deleting a
        // snapshot is confirmed by typing its name. A rollback replaces live data (an SRE looks first), and a change to
        // a snapshot class other teams rely on is a platform engineer's to approve.
        RequestKind.VolumeSnapshot or RequestKind.SnapshotRestore or RequestKind.SnapshotDeletion => (false, Persona.SreEngineer),
        RequestKind.ClaimRollback => (true, Persona.SreEngineer),
        RequestKind.SnapshotClassChange => (true, Persona.PlatformEngineer),
        _ => (true, Persona.SreEngineer),
    };
}
