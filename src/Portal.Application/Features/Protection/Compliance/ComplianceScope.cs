using Portal.Application.Features.Protection.Status;
using Portal.Application.Security;
using Portal.Domain.Access;
using Portal.Domain.Protection;

namespace Portal.Application.Features.Protection.Compliance;

/// <summary>Who sees what of the compliance view, checked on every row after the tenant filter: a namespace by anyone
/// who may see its tenant there; a cluster's own resources only by platform engineers of the estate or that cluster.</summary>
internal static class ComplianceScope
{
    public static bool MaySee(AccessContext caller, NamespaceStatus s) => s.Target == ProtectionTarget.ClusterResources
        ? caller.Can(Permission.ManageClusters, null, s.ClusterId)
        : caller.Can(Permission.ViewTenant, s.TenantId, s.ClusterId);

    public static bool MaySeeDay(AccessContext caller, Guid tenantId, Guid clusterId) => tenantId == Guid.Empty
        ? caller.Can(Permission.ManageClusters, null, clusterId)
        : caller.Can(Permission.ViewTenant, tenantId, clusterId);

    public static bool SeesClusterResources(AccessContext caller) => caller.CanAnywhere(Permission.ManageClusters);

    /// <summary>The one question every compliance use case asks first.</summary>
    public static bool MayOpen(AccessContext caller) => caller.CanAnywhere(Permission.ViewTenant);
}
