using System.Text.Json.Nodes;
using Portal.Application.Abstractions.Clusters;
using Portal.Domain.Migrations;
using Portal.Domain.Requests;
using Portal.Migrations.Playbooks;

namespace Portal.Execution.Migrations;

internal sealed partial class ApplicationMigrationExecutor
{
    public const string RestoreNameLabel = "velero.io/restore-name";

    // ---------------------------------------------------------------- MoveData

    private async Task<(MigrationStepStatus, string)> MoveDataAsync(MigrationRun m, CancellationToken ct)
    {
        switch (m.App.Playbook)
        {
            case MigrationPlaybook.VeleroBackupRestore:
            case MigrationPlaybook.VeleroCsiSnapshots:
                return await VeleroMoveAsync(m, ct);
            case MigrationPlaybook.ExportTransformApply:
                var claims = Manifests(m).Where(o => o.Str("kind") == "PersistentVolumeClaim").Select(o => o.Name()).ToList();
                if (claims.Count == 0) return Skipped("Stateless: nothing but configuration to move.");
                var copied = await dataCopy.CopyClaimsAsync(m, claims, ct);
                return Done(copied);
            case MigrationPlaybook.GitOpsWithDatabaseDump:
                var moved = await databaseMove.MoveAsync(m, ct);
                return moved.Length == 0
                    ? Skipped("No PostgreSQL, MySQL or MariaDB database found in the application: nothing to dump; GitOps and the applied manifests bring it up on the target.")
                    : Done(moved);
            case MigrationPlaybook.GitOpsRedeploy:
                return Skipped("Nothing but configuration to move: GitOps and the applied manifests bring the application up on the target.");
            default:
                throw new StepFailedException($"{m.App.Playbook.Title()} cannot move data automatically yet.");
        }
    }

    private static string VeleroName(MigrationRun m) => $"portal-mig-{m.App.Id:N}";

    private static IReadOnlyDictionary<string, string> VeleroLabels(MigrationRun m) => new Dictionary<string, string>
    {
        [PortalLabels.RequestId] = m.Run.Request.Id.ToString(),
        [PortalLabels.Tenant] = m.Run.Tenant.Slug,
        [PortalLabels.ManagedBy] = PortalLabels.ManagedByValue,
        [MigrationRun.OwnerLabel] = m.App.Id.ToString(),
    };

    private async Task<(MigrationStepStatus, string)> VeleroMoveAsync(MigrationRun m, CancellationToken ct)
    {
        var name = VeleroName(m);
        var ns = m.App.SourceNamespace;
        var mode = m.App.Playbook == MigrationPlaybook.VeleroCsiSnapshots ? VolumeBackupMode.Snapshot : VolumeBackupMode.FileSystem;
        if (m.State.BackupName is null) await m.SaveStateAsync(s => s with { BackupName = name }, ct);
        await m.OnSource(c => velero.EnsureBackupAsync(c, m.SourceVeleroNamespace, new VeleroBackupSpec(name, ns, TimeSpan.FromDays(30), mode, null, VeleroLabels(m)), ct));
        var backup = await FollowVeleroAsync(m, m.Source, m.SourceVeleroNamespace, VeleroObjectKind.Backup, name, ct);
        if (backup.Phase != "Completed")
            throw new StepFailedException(Velero.VeleroFollower.Outcome(VeleroObjectKind.Backup, name, backup).FailureReason ?? $"Velero backup {name} is {backup.Phase}.");

        // The target's Velero finds the backup in the shared location at its next sync.
        var deadline = m.Run.Now + _o.BackupSyncTimeout;
        while (true)
        {
            var seen = await m.OnTarget(c => velero.GetBackupAsync(c, m.TargetVeleroNamespace, name, ct));
            if (seen is { IsRestorable: true }) break;
            if (m.Run.Now > deadline)
                throw new StepFailedException($"The Velero of {m.TargetCluster.Name} has not seen backup {name} {KubeJson.Words(_o.BackupSyncTimeout)} after it completed: " +
                    "check that both clusters have the same backup storage location (bucket and prefix) and that it is Available on both.");
            await m.SaveAsync((a, now) => a.ReportStep(MigrationStep.MoveData, $"Backup {name} completed; waiting for the Velero of {m.TargetCluster.Name} to see it", now), null, null, ct);
            await Task.Delay(_o.PollInterval, ct);
        }

        if (m.App.Mappings.StorageClasses.Count > 0) await EnsureStorageClassMapAsync(m, ct);

        if (m.State.RestoreName is null)
        {
            await CheckTargetNamespaceAsync(m, ct);
            var existed = await m.OnTarget(c => velero.GetNamespaceAsync(c, m.App.TargetNamespace, ct)) is not null;
            await m.SaveStateAsync(s => s with { RestoreName = name, CreatedTargetNamespace = s.CreatedTargetNamespace || !existed }, ct);
        }
        await m.OnTarget(c => velero.EnsureRestoreAsync(c, m.TargetVeleroNamespace,
            new VeleroRestoreSpec(name, name, ns, m.App.TargetNamespace, ExistingResourcePolicy.None, true, VeleroLabels(m)), ct));
        var restore = await FollowVeleroAsync(m, m.Target, m.TargetVeleroNamespace, VeleroObjectKind.Restore, name, ct);
        if (restore.Phase != "Completed")
            throw new StepFailedException(Velero.VeleroFollower.Outcome(VeleroObjectKind.Restore, name, restore).FailureReason ?? $"Velero restore {name} is {restore.Phase}.");
        return Done($"Velero backup {name} ({(mode == VolumeBackupMode.Snapshot ? "CSI snapshots" : "file-system copy of the volumes")}) restored on {m.TargetCluster.Name} " +
                    $"into {m.App.TargetNamespace}" + (restore.ItemsDone is { } n ? $": {n} items" : "") + ".");
    }

    private async Task<VeleroObjectStatus> FollowVeleroAsync(MigrationRun m, ClusterConnection cluster, string veleroNamespace, VeleroObjectKind kind,
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

    /// <summary>Velero's change-storage-class plugin on the target maps the source's classes as it restores the claims.</summary>
    private async Task EnsureStorageClassMapAsync(MigrationRun m, CancellationToken ct)
    {
        var ns = m.TargetVeleroNamespace;
        var existing = (await m.OnTarget(c => kube.ListAsync(c, "v1", "ConfigMap", ns, "velero.io/change-storage-class=RestoreItemAction", ct))).FirstOrDefault();
        var data = KubeJson.Labels(m.App.Mappings.StorageClasses);
        if (existing is null)
        {
            var map = KubeJson.Obj(("apiVersion", "v1"), ("kind", "ConfigMap"),
                ("metadata", KubeJson.Obj(("name", "change-storage-class-config"), ("namespace", ns), ("labels", KubeJson.Labels(new Dictionary<string, string>
                {
                    ["velero.io/plugin-config"] = "",
                    ["velero.io/change-storage-class"] = "RestoreItemAction",
                    [MigrationRun.OwnerLabel] = m.App.Id.ToString(),
                })))),
                ("data", data));
            await m.OnTarget(c => kube.ApplyAsync(c, map, m.Owner, ct));
        }
        else
        {
            // Other restores rely on what is there: a class mapped elsewhere is never overwritten, missing ones are added.
            var current = existing["data"] as JsonObject;
            var conflicts = m.App.Mappings.StorageClasses
                .Where(p => current?[p.Key] is JsonValue v && v.ToString() != p.Value)
                .Select(p => $"{p.Key} to {current![p.Key]}").ToList();
            if (conflicts.Count > 0)
                throw new StepFailedException($"The target's Velero maps {string.Join(" and ", conflicts)} for other restores (ConfigMap {ns}/{existing.Name()}); " +
                                              "the portal does not change that. Map the storage classes the same way in the plan, or change the ConfigMap, then move the application again.");
            var missing = m.App.Mappings.StorageClasses.Where(p => current?[p.Key] is null).ToDictionary(p => p.Key, p => p.Value);
            if (missing.Count > 0)
                await m.OnTarget(c => kube.MergePatchAsync(c, "v1", "ConfigMap", ns, existing.Name(), KubeJson.Obj(("data", KubeJson.Labels(missing))), ct));
        }
        await m.NoteAsync($"Velero on {m.TargetCluster.Name} maps storage classes ({string.Join(", ", m.App.Mappings.StorageClasses.Select(p => $"{p.Key} → {p.Value}"))}) " +
                          $"through the change-storage-class ConfigMap in {ns}; it stays for other restores.", ct);
    }

    // ---------------------------------------------------------------- Apply

    internal static IReadOnlyList<JsonObject> Manifests(MigrationRun m) => m.Manifests();

    private async Task<(MigrationStepStatus, string)> ApplyAsync(MigrationRun m, CancellationToken ct)
    {
        var objects = Manifests(m);
        await EnsureTargetNamespaceAsync(m, ct);
        int created = 0, updated = 0, left = 0, done = 0;
        foreach (var obj in objects)
        {
            obj.SetLabel(MigrationRun.OwnerLabel, m.App.Id.ToString());
            switch (obj.Str("kind"))
            {
                case "Deployment" or "StatefulSet" when obj["spec"] is JsonObject spec:
                    spec["replicas"] = 0;
                    break;
                case "CronJob" when obj["spec"] is JsonObject spec:
                    spec["suspend"] = true;
                    break;
            }
            var r = obj.Ref();
            if (m.State.RestoreName is { } restoreName && !m.State.CreatedOnTarget.Contains(r))
            {
                // Restored by Velero for this application: the portal's own, so the apply updates it (mappings, replicas).
                var existing = await m.OnTarget(c => kube.GetAsync(c, r.ApiVersion, r.Kind, r.Namespace, r.Name, ct));
                if (existing?.Label(RestoreNameLabel) == restoreName)
                {
                    if (existing.Label(MigrationRun.OwnerLabel) is null)
                        await m.OnTarget(c => kube.MergePatchAsync(c, r.ApiVersion, r.Kind, r.Namespace, r.Name,
                            KubeJson.Obj(("metadata", KubeJson.Obj(("labels", KubeJson.Labels([m.Owner]))))), ct));
                    if (r.Kind == "PersistentVolumeClaim")
                    {
                        // A restored claim is bound to the restored volume (its spec cannot change): it stays as Velero made it.
                        done++;
                        updated++;
                        await RecordCreatedAsync(m, r, done, objects.Count, ct);
                        continue;
                    }
                }
            }
            var result = await m.OnTarget(c => kube.ApplyAsync(c, obj, m.Owner, ct));
            done++;
            switch (result)
            {
                case ApplyResult.LeftExisting:
                    left++;
                    await m.NoteAsync($"{r} was on {m.TargetCluster.Name} already and is not the portal's: left as it was.", ct);
                    break;
                default:
                    if (result == ApplyResult.Created) created++; else updated++;
                    await RecordCreatedAsync(m, r, done, objects.Count, ct);
                    break;
            }
        }
        return Done($"{objects.Count} objects applied on {m.TargetCluster.Name} in {m.App.TargetNamespace} ({created} created, {updated} updated, {left} found there and left); workloads at 0 replicas, CronJobs suspended.");
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

    // ---------------------------------------------------------------- StartTarget

    private async Task<(MigrationStepStatus, string)> StartTargetAsync(MigrationRun m, CancellationToken ct)
    {
        if (m.State.Quiesced.Count == 0) return Skipped("No workloads to start.");
        int scaled = 0, resumed = 0;
        foreach (var w in m.State.Quiesced)
        {
            if (!await m.OnTarget(c => kube.MergePatchAsync(c, w.ApiVersion, w.Kind, m.App.TargetNamespace, w.Name, RestorePatch(w), ct)))
            {
                await m.NoteAsync($"{w.Kind} {w.Name} is not on {m.TargetCluster.Name}; it was not started.", ct);
                continue;
            }
            if (w.Kind == "CronJob") { if (w.WasSuspended != true) resumed++; }
            else scaled++;
        }
        return Done($"{scaled} workload(s) scaled to the replicas they had on the source; {resumed} CronJob(s) resumed.");
    }

    // ---------------------------------------------------------------- Verify

    private async Task<(MigrationStepStatus, string)> VerifyAsync(MigrationRun m, CancellationToken ct)
    {
        var ns = m.App.TargetNamespace;
        var deadline = m.Run.Now + _o.VerifyTimeout;
        string? last = null;
        while (true)
        {
            var notReady = new List<string>();
            var workloads = 0; var available = 0;
            foreach (var (apiVersion, kind) in new[] { ("apps/v1", "Deployment"), ("apps/v1", "StatefulSet") })
            {
                foreach (var o in await m.OnTarget(c => kube.ListAsync(c, apiVersion, kind, ns, null, ct)))
                {
                    workloads++;
                    var want = o.Int("spec.replicas") ?? 1;
                    var have = kind == "Deployment" ? o.Int("status.availableReplicas") ?? 0 : o.Int("status.readyReplicas") ?? 0;
                    if (have >= want) available++;
                    else notReady.Add($"{kind} {o.Name()} ({have} of {want} {(kind == "Deployment" ? "available" : "ready")})");
                }
            }
            var claims = await m.OnTarget(c => kube.ListAsync(c, "v1", "PersistentVolumeClaim", ns, null, ct));
            var bound = 0;
            foreach (var claim in claims)
            {
                var phase = claim.Str("status.phase") ?? "Pending";
                if (phase == "Bound") bound++;
                else notReady.Add($"claim {claim.Name()} ({phase})");
            }
            var detail = $"{available} of {workloads} workloads available, {bound} of {claims.Count} claims bound";
            if (notReady.Count == 0) return Done($"{detail} on {m.TargetCluster.Name}.");
            if (m.Run.Now > deadline)
                throw new StepFailedException($"Not ready on {m.TargetCluster.Name} after {KubeJson.Words(_o.VerifyTimeout)}: {string.Join(", ", notReady)}.");
            if (detail != last) await m.SaveAsync((a, now) => a.ReportStep(MigrationStep.Verify, detail, now), null, null, ct);
            last = detail;
            await Task.Delay(_o.PollInterval, ct);
        }
    }
}
