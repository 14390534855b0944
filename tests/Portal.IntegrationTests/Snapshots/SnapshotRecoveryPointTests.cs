using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Application.Features.Protection.Status;
using Portal.Domain.Protection;
using Portal.IntegrationTests.Support;
using static Portal.IntegrationTests.Snapshots.ClaimRestoreWorld;

namespace Portal.IntegrationTests.Snapshots;

/// <summary>Snapshots as recovery points, on PostgreSQL and the simulator: the protection follower records the ready snapshots and
/// bound claims of Webshop's <c>reports</c> (the world of <see cref="ClaimRestoreTests"/>), and the one status reader counts them
/// where the policy says so, only when every bound claim has one.</summary>
public sealed class SnapshotRecoveryPointTests
{
    private const string SnapshotApi = "snapshot.storage.k8s.io/v1";
    private const string Second = "report-cache";

    [Fact]
    public async Task Follower_RecordsSnapshots_StatusTurnsProtectedWhenEveryClaimHasOne_OnlyWhileThePolicyCountsThem()
    {
        await using var w = await ClaimRestoreWorld.CreateAsync(startExecutor: false);
        await AddClaimAsync(w, Second);
        var policy = await ProtectAsync(w, countSnapshots: true);
        await w.W.Portal.StartFollowerAsync();

        // report-archive has its ready snapshot, report-cache none: no snapshot point, At risk, the claim named.
        var gap = await StatusUntilAsync(w, s => s.Facts?.SnapshotGap?.Contains(Second, StringComparison.Ordinal) == true, "the gap of report-cache");
        Assert.Equal(ProtectionStatus.AtRisk, gap.Verdict.Status);
        Assert.Matches($"no ready snapshot of [^.]*{Second}", gap.Verdict.Reason);
        var recorded = await ObservedAsync(w);
        var archive = Assert.Single(recorded, o => o.Name == Snapshot);
        Assert.Equal(Claim, archive.ClaimName);
        Assert.Equal(w.W.TenantId, archive.TenantId);

        // A ready snapshot of every bound claim: Protected, measured on the snapshot point, and saying snapshots live on the cluster.
        foreach (var claim in BoundClaims(w).Where(c => recorded.All(o => o.ClaimName != c))) await SnapshotAsync(w, claim, $"{claim}-now");
        var covered = await StatusUntilAsync(w, s => s.Verdict.Status == ProtectionStatus.Protected, "protected by snapshots");
        Assert.Equal(RecoveryPointKind.Snapshot, covered.Verdict.Point);
        Assert.NotNull(covered.Facts!.SnapshotPointAt);
        Assert.Contains("last recovery point: snapshot of every claim", covered.Verdict.Reason);
        Assert.Contains("Snapshots live on the cluster", covered.Verdict.Reason);

        // The same facts under a policy that does not count snapshots: At risk (no backup), no word of snapshots.
        await SetCountsAsync(w, policy.Id, false);
        var notCounted = await StatusAsync(w);
        Assert.Equal(ProtectionStatus.AtRisk, notCounted.Verdict.Status);
        Assert.DoesNotContain("snapshot", notCounted.Verdict.Reason, StringComparison.OrdinalIgnoreCase);
        await SetCountsAsync(w, policy.Id, true);
        Assert.Equal(ProtectionStatus.Protected, (await StatusAsync(w)).Verdict.Status);

        // While the cluster does not answer the snapshot list, the last record stays (a snapshot deleted meanwhile included).
        w.Cluster.Faults.FailRequests(503, pathContains: "volumesnapshots");
        w.Cluster.Store.Delete(SnapshotApi, "VolumeSnapshot", Ns, Snapshot);
        await Eventually.TrueAsync(() => w.Cluster.Faults.FailedRequests > 0, "the follower's list refused");
        await Task.Delay(TimeSpan.FromSeconds(5)); // two refresh intervals
        Assert.Contains(await ObservedAsync(w), o => o.Name == Snapshot);
        Assert.Equal(ProtectionStatus.Protected, (await StatusAsync(w)).Verdict.Status);

        // Back: the snapshot deleted on the cluster loses its row, and its claim has no snapshot point again.
        w.Cluster.Faults.ClearRequestFailures();
        var gone = await StatusUntilAsync(w, s => s.Facts?.SnapshotPointAt is null, "the deleted snapshot gone from the facts");
        Assert.Equal(ProtectionStatus.AtRisk, gone.Verdict.Status);
        Assert.Matches($"no ready snapshot of [^.]*{Claim}", gone.Verdict.Reason);
        Assert.DoesNotContain(await ObservedAsync(w), o => o.Name == Snapshot);
    }

    [Fact]
    public async Task Follower_PolicyDoesNotCountSnapshots_StaysAtRiskThoughEveryClaimHasAReadySnapshot()
    {
        await using var w = await ClaimRestoreWorld.CreateAsync(startExecutor: false);
        await ProtectAsync(w, countSnapshots: false);
        foreach (var claim in BoundClaims(w).Where(c => c != Claim)) await SnapshotAsync(w, claim, $"{claim}-now");
        await w.W.Portal.StartFollowerAsync();

        var status = await StatusUntilAsync(w, s => s.Facts?.SnapshotPointAt is not null, "the snapshot point recorded");
        Assert.Equal(ProtectionStatus.AtRisk, status.Verdict.Status);
        Assert.Null(status.Verdict.Point);
        Assert.Contains("No good backup yet", status.Verdict.Reason);
    }

    private static List<string> BoundClaims(ClaimRestoreWorld w) =>
        w.Cluster.Store.List("v1", "PersistentVolumeClaim", Ns).Where(c => Text(c["status"]?["phase"]) == "Bound")
            .Select(c => Text(c["metadata"]?["name"])!).ToList();

    /// <summary>A second claim like report-archive (same class, same size), bound by the simulated provisioner.</summary>
    private static async Task AddClaimAsync(ClaimRestoreWorld w, string name)
    {
        var spec = ClaimOf(w.Cluster, Claim)!["spec"]!.DeepClone().AsObject();
        spec.Remove("volumeName");
        w.Cluster.Store.Put(new JsonObject
        {
            ["apiVersion"] = "v1", ["kind"] = "PersistentVolumeClaim",
            ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = Ns },
            ["spec"] = spec,
        });
        await Eventually.UntilAsync(() => Task.FromResult(ClaimOf(w.Cluster, name)), c => Text(c?["status"]?["phase"]) == "Bound", $"{name} bound");
    }

    private static async Task SnapshotAsync(ClaimRestoreWorld w, string claim, string name)
    {
        w.Cluster.Store.Put(new JsonObject
        {
            ["apiVersion"] = SnapshotApi, ["kind"] = "VolumeSnapshot",
            ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = Ns },
            ["spec"] = new JsonObject { ["source"] = new JsonObject { ["persistentVolumeClaimName"] = claim } },
        });
        await Eventually.UntilAsync(() => Task.FromResult(w.Cluster.Store.Get(SnapshotApi, "VolumeSnapshot", Ns, name)),
            s => s?["status"]?["readyToUse"]?.GetValue<bool>() == true, $"snapshot {name} ready");
    }

    /// <summary>A policy with a 1-hour RPO and a protection of reports on it, as the executor leaves it before the first run.</summary>
    private static async Task<ProtectionPolicy> ProtectAsync(ClaimRestoreWorld w, bool countSnapshots)
    {
        var now = DateTimeOffset.UtcNow;
        var policy = new ProtectionPolicy(countSnapshots ? "snap-gold" : "gold", ProtectionTarget.Namespace, Settings(countSnapshots), "priya", now);
        await using var db = await w.W.Portal.OpenAllAsync();
        db.ProtectionPolicies.Add(policy);
        db.NamespaceProtections.Add(new NamespaceProtection(w.W.TenantId, w.W.SourceId, Ns, policy, "sam", now.AddHours(-3)));
        await db.SaveChangesAsync();
        return policy;
    }

    private static ProtectionPolicySettings Settings(bool countSnapshots) =>
        new("0 * * * *", "UTC", TimeSpan.FromDays(7), TimeSpan.FromHours(1), VolumeProtection.CsiSnapshots, null, [], [], CountSnapshots: countSnapshots);

    private static async Task SetCountsAsync(ClaimRestoreWorld w, Guid policyId, bool counts)
    {
        await using var db = await w.W.Portal.OpenAllAsync();
        var policy = await db.ProtectionPolicies.SingleAsync(p => p.Id == policyId);
        policy.Change(Settings(counts), DateTimeOffset.UtcNow);
        await db.SaveChangesAsync();
    }

    private static async Task<List<ObservedSnapshot>> ObservedAsync(ClaimRestoreWorld w)
    {
        await using var db = await w.W.Portal.OpenAllAsync();
        return await db.ObservedSnapshots.AsNoTracking().Where(o => o.ClusterId == w.W.SourceId && o.Namespace == Ns).ToListAsync();
    }

    private static async Task<NamespaceStatus> StatusAsync(ClaimRestoreWorld w)
    {
        await using var db = await w.W.Portal.OpenAllAsync();
        var reader = w.W.Portal.Services.GetRequiredService<NamespaceStatusReader>();
        return (await reader.ReadAsync(db, new NamespaceStatusFilter(ClusterId: w.W.SourceId, Namespace: Ns), DateTimeOffset.UtcNow, CancellationToken.None))
            .Single();
    }

    private static Task<NamespaceStatus> StatusUntilAsync(ClaimRestoreWorld w, Func<NamespaceStatus, bool> condition, string what) =>
        Eventually.UntilAsync<NamespaceStatus>(async () => (NamespaceStatus?)await StatusAsync(w), condition, what, 30000);
}
