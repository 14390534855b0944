using Portal.Application.Abstractions.Clusters;
using Portal.Domain.Migrations;

namespace Portal.Execution.Migrations;

internal sealed partial class ApplicationMigrationExecutor
{
    /// <summary>
    /// The portal's rights in a namespace come from its RoleBinding there (deploy/target-cluster-rbac grants no workload,
    /// Secret or RBAC rights cluster-wide): the source's before anything is read or changed in it (from the export on),
    /// the target's, with the namespace made first when missing, before anything is put in it (from the data move on).
    /// Idempotent, so a resumed move checks again.
    /// </summary>
    private async Task EnsureNamespaceAccessAsync(MigrationRun m, MigrationStep step, CancellationToken ct)
    {
        if (step == MigrationStep.FreezeGitOps) return;
        await m.OnSource(c => velero.EnsureNamespaceAccessAsync(c, m.App.SourceNamespace, ct));
        if (step is MigrationStep.Export or MigrationStep.Quiesce) return;
        await EnsureTargetNamespaceAsync(m, ct);
        await m.OnTarget(c => velero.EnsureNamespaceAccessAsync(c, m.App.TargetNamespace, ct));
    }

    /// <summary>Creates the target namespace when it is missing, recorded first (a rollback removes it) and labelled as
    /// the portal's: the admission policy lets the portal delete only namespaces carrying that label.</summary>
    private async Task EnsureTargetNamespaceAsync(MigrationRun m, CancellationToken ct)
    {
        // Checked again right before the first write on the target (the namespace may have appeared since the preflight).
        await CheckTargetNamespaceAsync(m, ct);
        var targetNs = m.App.TargetNamespace;
        if (await m.OnTarget(c => velero.GetNamespaceAsync(c, targetNs, ct)) is not null) return;
        // The source namespace's own labels (team, Pod Security levels ...) come along, with the namespace renamed.
        var source = await m.OnSource(c => velero.GetNamespaceAsync(c, m.App.SourceNamespace, ct));
        var carried = Portal.Migrations.Transform.NamespaceLabels.Carry(source?.Labels ?? new Dictionary<string, string>(), m.App.EffectiveMappings);
        await m.SaveStateAsync(s => s with { CreatedTargetNamespace = true }, ct);
        var labels = KubeJson.Labels([.. carried, m.Owner, new(PortalLabels.ManagedBy, PortalLabels.ManagedByValue)]);
        var nsObj = KubeJson.Obj(("apiVersion", "v1"), ("kind", "Namespace"), ("metadata", KubeJson.Obj(("name", targetNs), ("labels", labels))));
        await m.OnTarget(c => kube.ApplyAsync(c, nsObj, m.Owner, ct));
    }
}
