using Microsoft.Extensions.Options;
using Portal.Application.Abstractions.Clusters;
using Portal.Domain.Moves;
using Portal.Domain.Requests;
using Portal.Moves.Playbooks;

namespace Portal.Execution.Moves.ApplicationSteps;

/// <summary>The data of a Velero playbook: a backup on the source, seen by the target's Velero through the shared storage
/// location, restored into the target namespace with the storage classes mapped by the restore's own resource modifiers
/// (<see cref="RestoreModifiers.StorageClasses"/>, as every portal restore does: nothing cluster-wide is written).</summary>
internal sealed class VeleroDataMove(IMigrationClusterGateway kube, IClusterGateway velero, MoveNamespaces namespaces, IOptions<MigrationOptions> options)
{
    private static string VeleroName(MigrationRun m) => $"portal-mig-{m.App.Id:N}";

    private static IReadOnlyDictionary<string, string> VeleroLabels(MigrationRun m) => new Dictionary<string, string>
    {
        [PortalLabels.RequestId] = m.Run.Request.Id.ToString(),
        [PortalLabels.Tenant] = m.Run.Tenant.Slug,
        [PortalLabels.ManagedBy] = PortalLabels.ManagedByValue,
        [MigrationRun.OwnerLabel] = m.App.Id.ToString(),
    };

    public async Task<StepOutcome> MoveAsync(MigrationRun m, CancellationToken ct)
    {
        var name = VeleroName(m);
        var ns = m.App.SourceNamespace;
        var mode = m.App.Playbook == MigrationPlaybook.VeleroCsiSnapshots ? VolumeBackupMode.Snapshot : VolumeBackupMode.FileSystem;
        if (m.State.BackupName is null) await m.SaveStateAsync(s => s with { BackupName = name }, ct);
        await m.OnSource(c => velero.EnsureBackupAsync(c, m.SourceVeleroNamespace, new VeleroBackupSpec(name, ns, TimeSpan.FromDays(30), mode, null, VeleroLabels(m)), ct));
        var backup = await FollowAsync(m, m.Source, m.SourceVeleroNamespace, VeleroObjectKind.Backup, name, ct);
        if (backup.Phase != "Completed")
            throw new StepFailedException(Velero.VeleroFollower.Outcome(VeleroObjectKind.Backup, name, backup).FailureReason ?? $"Velero backup {name} is {backup.Phase}.");

        // The target's Velero finds the backup in the shared location at its next sync.
        await m.OnTarget(c => kube.WaitForBackupSyncedAsync(c, m.TargetVeleroNamespace, name, options.Value.BackupSyncTimeout, _ =>
            m.SaveAsync((a, now) => a.ReportStep(MigrationStep.MoveData, $"Backup {name} completed; waiting for the Velero of {m.TargetCluster.Name} to see it", now), null, null, ct), ct));

        if (m.State.RestoreName is null)
        {
            await namespaces.CheckTargetAsync(m, ct);
            var existed = await m.OnTarget(c => velero.GetNamespaceAsync(c, m.App.TargetNamespace, ct)) is not null;
            await m.SaveStateAsync(s => s with { RestoreName = name, CreatedTargetNamespace = s.CreatedTargetNamespace || !existed }, ct);
        }
        var modifiers = RestoreModifiers.StorageClasses(m.App.Mappings.StorageClasses);
        await m.OnTarget(c => velero.EnsureRestoreAsync(c, m.TargetVeleroNamespace,
            new VeleroRestoreSpec(name, name, ns, m.App.TargetNamespace, ExistingResourcePolicy.None, true, VeleroLabels(m),
                modifiers.Count > 0 ? modifiers : null), ct));
        var restore = await FollowAsync(m, m.Target, m.TargetVeleroNamespace, VeleroObjectKind.Restore, name, ct);
        if (restore.Phase != "Completed")
            throw new StepFailedException(Velero.VeleroFollower.Outcome(VeleroObjectKind.Restore, name, restore).FailureReason ?? $"Velero restore {name} is {restore.Phase}.");
        return StepOutcome.Done($"Velero backup {name} ({(mode == VolumeBackupMode.Snapshot ? "CSI snapshots" : "file-system copy of the volumes")}) restored on {m.TargetCluster.Name} " +
                    $"into {m.App.TargetNamespace}" + (restore.ItemsDone is { } n ? $": {n} items" : "") + "." + Mapped(modifiers));
    }

    /// <summary>A recovery: the lost cluster's backup, found by the replacement's Velero in a location both read (waiting
    /// for its sync, saying so), restored into the target namespace with the storage classes mapped by Velero's resource
    /// modifiers. The lost cluster is never asked for anything.</summary>
    public async Task<StepOutcome> RestoreRecoveryAsync(MigrationRun m, CancellationToken ct)
    {
        var point = m.App.Recovery ?? throw new StepFailedException($"{m.App.SourceNamespace} has no backup chosen to recover from.");
        var backup = point.BackupName;
        await m.OnTarget(c => kube.WaitForBackupSyncedAsync(c, m.TargetVeleroNamespace, backup, options.Value.BackupSyncTimeout, _ =>
            m.SaveAsync((a, now) => a.ReportStep(MigrationStep.MoveData,
                $"Waiting for the Velero of {m.TargetCluster.Name} to see backup {backup}{(point.StorageLocation is { } l ? $" in location {l}" : "")} (at most {options.Value.BackupSyncTimeout.TotalMinutes:0} min)", now), null, null, ct), ct));

        var name = $"portal-rec-{m.App.Id:N}";
        if (m.State.RestoreName is null)
        {
            // Checked again right before the first write: the namespace may have been taken on the replacement since approval.
            await namespaces.CheckTargetAsync(m, ct);
            var existed = await m.OnTarget(c => velero.GetNamespaceAsync(c, m.App.TargetNamespace, ct)) is not null;
            await m.SaveStateAsync(s => s with { BackupName = backup, RestoreName = name, CreatedTargetNamespace = s.CreatedTargetNamespace || !existed }, ct);
        }
        var modifiers = RestoreModifiers.StorageClasses(m.App.Mappings.StorageClasses);
        await m.OnTarget(c => velero.EnsureRestoreAsync(c, m.TargetVeleroNamespace,
            new VeleroRestoreSpec(name, backup, m.App.SourceNamespace, m.App.TargetNamespace, ExistingResourcePolicy.None, true, VeleroLabels(m),
                modifiers.Count > 0 ? modifiers : null), ct));
        var restore = await FollowAsync(m, m.Target, m.TargetVeleroNamespace, VeleroObjectKind.Restore, name, ct);
        if (restore.Phase != "Completed")
            throw new StepFailedException(Velero.VeleroFollower.Outcome(VeleroObjectKind.Restore, name, restore).FailureReason ?? $"Velero restore {name} is {restore.Phase}.");
        return StepOutcome.Done($"Backup {backup} of {point.BackupTakenAt:yyyy-MM-dd HH:mm} UTC restored on {m.TargetCluster.Name} into {m.App.TargetNamespace}" +
                                (restore.ItemsDone is { } n ? $": {n} items" : "") + "." + Mapped(modifiers));
    }

    private static string Mapped(IReadOnlyList<RestoreModifierRule> modifiers) =>
        modifiers.Count > 0 ? $" {string.Join("; ", modifiers.Select(r => r.Why))}." : "";

    private async Task<VeleroObjectStatus> FollowAsync(MigrationRun m, ClusterConnection cluster, string veleroNamespace, VeleroObjectKind kind,
        string name, CancellationToken ct)
    {
        VeleroObjectStatus? last = null;
        try
        {
            await foreach (var status in velero.WatchVeleroObjectAsync(cluster, veleroNamespace, kind, name, ct))
            {
                if (last is null || status.Phase != last.Phase || status.ItemsDone != last.ItemsDone)
                {
                    var progress = status.ItemsTotal is { } total ? $" ({status.ItemsDone ?? 0} of {total} items)" : "";
                    await m.SaveAsync((a, now) => a.ReportStep(MigrationStep.MoveData, $"Velero {kind} {name} on {cluster.ClusterName}: {status.Phase ?? "New"}{progress}", now), null, null, ct);
                }
                last = status;
                if (status.IsTerminal) return status;
            }
        }
        catch (ClusterAccessException ex)
        {
            throw new MigrationClusterException(cluster.ClusterName, ex);
        }
        throw new MigrationClusterException(cluster.ClusterName,
            new ClusterAccessException(ClusterFault.Unreachable, $"The watch of Velero {kind} {name} ended before it finished."));
    }
}
