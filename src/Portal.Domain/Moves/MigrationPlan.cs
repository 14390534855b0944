using Portal.Domain.Common;

namespace Portal.Domain.Moves;

/// <summary>A portfolio move from one cluster to another, planned by a migration architect as ordered waves of
/// applications. The plan spans tenants, so it is not tenant-owned itself; its applications are.</summary>
public sealed class MigrationPlan : Entity
{
    private MigrationPlan() { Name = AuthorId = AuthorName = ""; }

    public MigrationPlan(string name, string? description, Guid sourceClusterId, Guid targetClusterId, string authorId, string authorName, DateTimeOffset now)
    {
        if (string.IsNullOrWhiteSpace(name)) throw new DomainException("Give the plan a name.");
        if (name.Trim().Length > 100) throw new DomainException("Keep the plan's name to 100 characters.");
        if (sourceClusterId == targetClusterId)
            throw new DomainException("The source and the target are the same cluster: choose another target to move the applications to.");
        Name = name.Trim();
        Description = string.IsNullOrWhiteSpace(description) ? null : description.Trim();
        SourceClusterId = sourceClusterId;
        TargetClusterId = targetClusterId;
        AuthorId = authorId;
        AuthorName = authorName;
        CreatedAt = UpdatedAt = now;
    }

    /// <summary>A recovery plan rebuilds a lost cluster's applications on a replacement from their backups; the lost
    /// cluster (<see cref="SourceClusterId"/>) is never contacted.</summary>
    public static MigrationPlan ForRecovery(string name, string? description, Guid lostClusterId, Guid replacementClusterId,
        IReadOnlyList<UnrecoverableNamespace> unrecoverable, string authorId, string authorName, DateTimeOffset now) =>
        new(name, description, lostClusterId, replacementClusterId, authorId, authorName, now)
        {
            Purpose = MigrationPlanPurpose.Recovery,
            Unrecoverable = unrecoverable,
        };

    public string Name { get; private set; }
    public MigrationPlanPurpose Purpose { get; private set; } = MigrationPlanPurpose.Migration;
    public bool IsRecovery => Purpose == MigrationPlanPurpose.Recovery;
    /// <summary>For a recovery: the namespaces of the lost cluster that no backup can bring back, and why.</summary>
    public IReadOnlyList<UnrecoverableNamespace> Unrecoverable { get; private set; } = [];
    public string? Description { get; private set; }
    public Guid SourceClusterId { get; private set; }
    public Guid TargetClusterId { get; private set; }
    /// <summary>Who planned it: never the one who approves its waves.</summary>
    public string AuthorId { get; private set; }
    public string AuthorName { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset UpdatedAt { get; private set; }

    public void Touch(DateTimeOffset now) => UpdatedAt = now;
}
