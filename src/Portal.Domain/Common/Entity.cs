namespace Portal.Domain.Common;

/// <summary>Everything the portal stores has a Guid key minted by the domain, not the database,
/// so ids can be used in Kubernetes object names before the first save.</summary>
public abstract class Entity
{
    public Guid Id { get; protected init; } = Guid.CreateVersion7();
}

/// <summary>Rows that belong to one tenant. The persistence layer filters every query on them by
/// the caller's tenant scope, so a forgotten Where clause cannot leak another tenant's data.</summary>
public interface ITenantOwned
{
    Guid TenantId { get; }
}

/// <summary>Rows about one cluster. Someone scoped to a cluster sees them whichever tenant owns them.</summary>
public interface IClusterScoped : ITenantOwned
{
    Guid ClusterId { get; }
}
