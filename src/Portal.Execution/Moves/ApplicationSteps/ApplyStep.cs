using Portal.Application.Abstractions.Clusters;
using Portal.Domain.Moves;
using Portal.Moves;

namespace Portal.Execution.Moves.ApplicationSteps;

/// <summary>Applies the exported manifests on the target, workloads stopped (the start step brings them up). Each object
/// the portal creates is recorded (rollback removes it); one found there that is not the portal's is left.</summary>
internal sealed class ApplyStep(IMigrationClusterGateway kube, MoveNamespaces namespaces) : IApplicationMoveStep
{
    public async Task<StepOutcome> RunAsync(MigrationRun m, CancellationToken ct)
    {
        var objects = m.Manifests();
        await namespaces.EnsureTargetAsync(m, ct);
        int created = 0, updated = 0, left = 0, done = 0;
        foreach (var obj in objects)
        {
            var key = ObjectKey.Of(obj);
            var r = new ObjectReference(key.ApiVersion is "" ? "v1" : key.ApiVersion, key.Kind, key.Namespace, key.Name);
            // Restored by Velero for this application: the portal's own, so the apply updates it (mappings, replicas);
            // a restored claim is bound to the restored volume (its spec cannot change): it stays as Velero made it.
            if (m.State.RestoreName is { } restoreName && !m.State.CreatedOnTarget.Contains(r)
                && await m.OnTarget(c => kube.AdoptRestoredAsync(c, r, restoreName, m.Owner, ct)) && r.Kind == "PersistentVolumeClaim")
            {
                done++;
                updated++;
                await RecordCreatedAsync(m, r, done, objects.Count, ct);
                continue;
            }
            var applied = await m.OnTarget(c => kube.ApplyStoppedAsync(c, obj, m.Owner, ct));
            done++;
            switch (applied.Result)
            {
                case ApplyResult.LeftExisting:
                    left++;
                    await m.NoteAsync($"{applied.Ref} was on {m.TargetCluster.Name} already and is not the portal's: left as it was.", ct);
                    break;
                default:
                    if (applied.Result == ApplyResult.Created) created++; else updated++;
                    await RecordCreatedAsync(m, applied.Ref, done, objects.Count, ct);
                    break;
            }
        }
        return StepOutcome.Done($"{objects.Count} objects applied on {m.TargetCluster.Name} in {m.App.TargetNamespace} ({created} created, {updated} updated, {left} found there and left); workloads at 0 replicas, CronJobs suspended.");
    }

    private static async Task RecordCreatedAsync(MigrationRun m, ObjectReference r, int done, int total, CancellationToken ct)
    {
        if (m.State.CreatedOnTarget.Contains(r)) return;
        await m.SaveAsync((a, now) =>
        {
            a.UpdateRunState(s => s.CreatedOnTarget.Contains(r) ? s : s with { CreatedOnTarget = [.. s.CreatedOnTarget, r] }, now);
            a.ReportStep(MigrationStep.Apply, $"{done} of {total} objects applied", now);
        }, null, null, ct);
    }
}
