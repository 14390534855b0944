using Microsoft.EntityFrameworkCore;
using Portal.Application.Abstractions.Clusters;
using Portal.Domain.Common;
using Portal.Domain.Protection;

namespace Portal.Execution.Protection;

/// <summary>What the protection use cases checked, checked again right before the executor writes the Schedule: the
/// namespace is still there and still the tenant's, the policy still granted to the tenant and not retired, Velero
/// still installed with the policy's storage location, and the Schedule of that name absent or the portal's for this
/// protection. Each returns the reason in words, or null when the change may go ahead.</summary>
internal static class ProtectionRecheck
{
    public static async Task<string?> NamespaceAsync(RequestRun run, IClusterGateway gateway, string @namespace, string nothing, CancellationToken ct)
    {
        if (await Recheck.StillTenantsAsync(run, @namespace, nothing, ct) is { } notOurs) return notOurs;
        return await gateway.GetNamespaceAsync(run.Connection, @namespace, ct) is null
            ? $"Namespace {@namespace} no longer exists on cluster {run.Cluster.Name}. {nothing}"
            : null;
    }

    public static async Task<string?> PolicyAsync(RequestRun run, ProtectionPolicy? policy, Guid policyId, string nothing, CancellationToken ct)
    {
        if (policy is null) return $"The protection policy was deleted after this request was made. {nothing}";
        if (policy.IsRetired) return $"Policy {policy.Name} was retired after this request was made. {nothing}";
        if (run.Request.TenantId == Guid.Empty) return null; // cluster resources: platform engineers' policies, granted to no tenant
        await using var db = await run.OpenDbAsync(ct);
        return await db.ProtectionPolicyGrants.AsNoTracking().AnyAsync(g => g.TenantId == run.Request.TenantId && g.PolicyId == policyId, ct)
            ? null
            : $"Your tenant {run.Tenant.DisplayName} may no longer use policy {policy.Name}: its grant was withdrawn after this request was made. {nothing}";
    }

    public static async Task<string?> VeleroAsync(RequestRun run, IClusterGateway gateway, ProtectionPolicy policy, string nothing, CancellationToken ct)
    {
        var found = await gateway.DiscoverAsync(run.Connection, ct);
        if (!found.VeleroInstalled) return $"Velero is no longer installed on cluster {run.Cluster.Name}. {nothing}";
        if (policy.StorageLocation is { } bsl && found.BackupStorageLocations.All(l => l.Name != bsl))
            return $"The backup storage location {bsl} of policy {policy.Name} does not exist on cluster {run.Cluster.Name}. {nothing}";
        if (policy.StorageLocation is null && found.BackupStorageLocations.Count == 0)
            return $"Cluster {run.Cluster.Name} has no backup storage location for the backups to go to. {nothing}";
        return null;
    }

    public static async Task<string?> ScheduleOursAsync(RequestRun run, IProtectionGateway protection, NamespaceProtection p, string nothing,
        CancellationToken ct)
    {
        var existing = await protection.GetScheduleAsync(run.Connection, run.VeleroNamespace, p.ScheduleName, ct);
        if (existing is null || existing.Labels.GetValueOrDefault(PortalLabels.ProtectionId) == p.Id.ToString("N")) return null;
        return $"A Velero Schedule named {p.ScheduleName} exists on cluster {run.Cluster.Name} that the portal did not make for this protection; "
            + $"the portal will not overwrite it. {nothing}";
    }
}
