using Portal.Domain.Moves;
using System.Text.Json.Nodes;
using Portal.Moves.Playbooks;
using Portal.Moves.Preflight.Rules;

namespace Portal.Moves.Preflight;

/// <summary>
/// Checks one application against the target before approval: namespace free or the tenant's own; storage
/// classes present (after mapping); ingress classes present; every apiVersion served (removed APIs named with
/// their replacement); every CRD served; for Velero playbooks a backup location both clusters see as Available;
/// for the snapshot playbook a VolumeSnapshotClass for each driver. Errors block, warnings need acknowledgement.
/// </summary>
public static class MigrationPreflight
{
    /// <param name="objects">The application's objects after <see cref="Transform.ManifestTransformer"/>.</param>
    /// <param name="sourceStorageClasses">The source's storage classes: name → provisioner.</param>
    /// <param name="tenant">The tenant the application belongs to.</param>
    public static PreflightReport Run(IReadOnlyList<JsonObject> objects, MigrationPlaybook playbook, TargetClusterFacts target,
        IReadOnlyDictionary<string, string> sourceStorageClasses, string tenant)
    {
        ArgumentNullException.ThrowIfNull(objects);
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(sourceStorageClasses);
        ArgumentException.ThrowIfNullOrWhiteSpace(tenant);
        var context = new PreflightContext(objects, playbook, target, sourceStorageClasses, tenant);
        var findings = NamespaceRule.Check(context)
            .Concat(StorageClassRule.Check(context))
            .Concat(IngressClassRule.Check(context))
            .Concat(ApiVersionRule.Check(context))
            .Concat(CustomResourceRule.Check(context))
            .Concat(BackupLocationRule.Check(context))
            .Concat(SnapshotClassRule.Check(context))
            .Concat(LoadBalancerRule.Check(context))
            .ToList();
        return new PreflightReport(findings);
    }
}
