using Portal.Domain.Protection;

namespace Portal.Application.Features.Protection.Policies;

/// <summary>A tenant, by id and the name people know it by.</summary>
public sealed record PolicyTenant(Guid Id, string Name);

/// <summary>A protection policy as the lists and forms show it. <paramref name="Tenants"/> are only those the caller can
/// see; <paramref name="Namespaces"/> counts the live protections on it the caller can see.</summary>
public sealed record ProtectionPolicyView(
    Guid Id,
    string Name,
    string? Description,
    ProtectionTarget Target,
    string Cron,
    string TimeZone,
    TimeSpan Retention,
    TimeSpan TargetRpo,
    VolumeProtection Volumes,
    string? StorageLocation,
    IReadOnlyList<string> ExcludedResources,
    IReadOnlyList<BackupHook> Hooks,
    DateTimeOffset? RetiredAt,
    Guid Version,
    IReadOnlyList<PolicyTenant> Tenants,
    int Namespaces,
    IReadOnlyList<PolicyTenant> MinimumOf,
    bool CountsSnapshots = false)
{
    public bool IsRetired => RetiredAt is not null;

    internal static ProtectionPolicyView Of(ProtectionPolicy p, IReadOnlyList<PolicyTenant> tenants, int namespaces, IReadOnlyList<PolicyTenant> minimumOf) =>
        new(p.Id, p.Name, p.Description, p.Target, p.Cron, p.TimeZone, p.Retention, p.TargetRpo, p.Volumes, p.StorageLocation,
            p.ExcludedResources.ToList(), p.Hooks.ToList(), p.RetiredAt, p.Version, tenants, namespaces, minimumOf,
            p.CountsSnapshots);
}

/// <summary>A tenant's minimum, as the minimum section shows it.</summary>
/// <param name="Granted">The policies the tenant may use and that are not retired: what its minimum can be.</param>
/// <param name="CanManage">The caller may change this tenant's grants and minimum.</param>
public sealed record TenantMinimumView(Guid TenantId, string TenantName, Guid? MinimumPolicyId, string? MinimumPolicyName,
    IReadOnlyList<PolicyTenant> Granted, bool CanManage);

/// <param name="CanManage">The caller may make, change and retire policies (a platform engineer of the whole estate).</param>
/// <param name="StorageLocations">The backup storage locations the registered clusters report, by name.</param>
public sealed record ProtectionPolicyList(IReadOnlyList<ProtectionPolicyView> Policies, IReadOnlyList<TenantMinimumView> Tenants,
    IReadOnlyList<string> StorageLocations, bool CanManage);

/// <summary>One tenant, against one policy: whether it may use it, how many of its namespaces are on it, whether it is
/// the tenant's minimum, and whether the caller may change that.</summary>
public sealed record PolicyTenantUse(Guid TenantId, string TenantName, bool Granted, int Namespaces, bool IsMinimum, bool CanManage);

public sealed record ProtectionPolicyDetails(ProtectionPolicyView Policy, IReadOnlyList<PolicyTenantUse> Tenants,
    IReadOnlyList<string> StorageLocations, bool CanManage);

/// <summary>A policy was saved. <paramref name="Warnings"/> are said, not refused (a storage location no cluster reports
/// yet); <paramref name="Namespaces"/> are on the policy and keep their current Schedule until it is re-applied.</summary>
public sealed record ProtectionPolicySaved(Guid Id, Guid Version, IReadOnlyList<string> Warnings, int Namespaces);
