using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Portal.Application.Common;
using Portal.Application.Features.Access;
using Portal.Application.Features.Recovery.Drills;
using Portal.Application.Features.Requests.Submit;
using Portal.Application.Security;
using Portal.ClusterSimulator;
using Portal.Domain.Access;
using Portal.Domain.Recovery;
using Portal.Domain.Requests;
using Portal.IntegrationTests.Support;
using Portal.TestSupport;

namespace Portal.IntegrationTests.Recovery;

/// <summary>Restore drills on real PostgreSQL and the two simulated clusters of the migration world (prod-east with Webshop's
/// <c>catalog</c>, dr-west reading the same bucket), an SRE of Webshop, and a real backup of catalog made through the portal.</summary>
internal sealed class DrillWorld : IAsyncDisposable
{
    public MigrationWorld W { get; private set; } = null!;
    public CurrentPrincipal Sre { get; private set; } = null!;
    public Guid CatalogId { get; private set; }
    public string Backup { get; private set; } = "";

    public static async Task<DrillWorld> CreateAsync(IReadOnlyDictionary<string, string?>? settings = null, bool backUp = true)
    {
        var all = new Dictionary<string, string?>
        {
            ["Drills:VerifyTimeout"] = "00:00:20",
            ["Drills:CheckTimeout"] = "00:00:20",
            ["Drills:BackupSyncTimeout"] = "00:00:30",
        };
        foreach (var (k, v) in settings ?? new Dictionary<string, string?>()) all[k] = v;
        var d = new DrillWorld { W = await MigrationWorld.CreateAsync(all) };
        var id = MigrationWorld.Ok(await d.W.Portal.RunAsync<RecordSignIn, Result<Guid>>(u => u.HandleAsync(new RecordSignInCommand("test:sam", "Sam Reliability", "sam@example.test"))));
        d.Sre = new CurrentPrincipal(id.ToString(), "Sam Reliability", "sam@example.test", []);
        await using (var db = await d.W.Portal.OpenAllAsync())
        {
            db.ScopeBindings.Add(new ScopeBinding(PrincipalKind.User, d.Sre.UserId, Persona.SreEngineer, ScopeKind.Tenant, d.W.TenantId));
            d.CatalogId = await db.TenantNamespaces.Where(n => n.ClusterId == d.W.SourceId && n.Namespace == "catalog").Select(n => n.Id).FirstAsync();
            await db.SaveChangesAsync();
        }
        await d.W.Portal.StartExecutorAsync();
        if (backUp) d.Backup = await d.BackUpAsync();
        return d;
    }

    /// <summary>A Velero backup of catalog, asked for and run through the portal.</summary>
    public async Task<string> BackUpAsync()
    {
        W.Portal.Principal.Current = Sre;
        var request = MigrationWorld.Ok(await W.Portal.RunAsync<SubmitBackupRequest, Result<Guid>>(u =>
            u.HandleAsync(new SubmitBackupRequestCommand(CatalogId, 24, VolumeBackupMode.None, null, "before the drill"))));
        var done = await Eventually.UntilAsync(async () => await W.RequestAsync(request), r => r.Status.IsTerminal(), "the backup of catalog", 60_000);
        if (done.Status != RequestStatus.Succeeded) throw new InvalidOperationException($"The backup {done.Status}: {done.FailureReason}");
        return $"portal-backup-{request:N}";
    }

    public async Task<RunRestoreDrillResult> RunAsync(RunRestoreDrillCommand command)
    {
        W.Portal.Principal.Current = Sre;
        return MigrationWorld.Ok(await W.Portal.RunAsync<RunRestoreDrill, Result<RunRestoreDrillResult>>(u => u.HandleAsync(command)));
    }

    public async Task<RestoreDrill> DrillAsync(Guid id)
    {
        await using var db = await W.Portal.OpenAllAsync();
        return await db.RestoreDrills.AsNoTracking().FirstAsync(d => d.Id == id);
    }

    /// <summary>Waits until the drill has ended and its clean-up settled (done, kept, or failed), or <paramref name="until"/> holds.</summary>
    public async Task<RestoreDrill> WaitAsync(Guid id, Func<RestoreDrill, bool>? until = null, int seconds = 90)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (true)
        {
            var last = await DrillAsync(id);
            if (until?.Invoke(last) ?? (last.IsTerminal && last.CleanupState != DrillCleanupState.Pending)) return last;
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"Drill {id} is {last.Status} at \"{last.Step}\" ({last.Failure}), clean-up {last.CleanupState} {last.CleanupError}");
            await Task.Delay(100);
        }
    }

    public static JsonObject? Namespace(SimulatedCluster cluster, string name) => cluster.Store.Get("v1", "Namespace", null, name);

    /// <summary>True once the namespace is gone (a deleted namespace lingers Terminating until its content is gone).</summary>
    public static async Task<bool> GoneAsync(SimulatedCluster cluster, string name)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (Namespace(cluster, name) is { } ns)
        {
            if (ns["metadata"]?["deletionTimestamp"] is null || DateTime.UtcNow > deadline) return false;
            await Task.Delay(50);
        }
        return true;
    }

    /// <summary>What a live namespace holds, by kind and name with its resourceVersion: equal before and after means untouched.</summary>
    public static string Fingerprint(SimulatedCluster cluster, string ns) => string.Join("\n",
        new[] { ("v1", "ConfigMap"), ("v1", "Service"), ("v1", "Secret"), ("apps/v1", "Deployment"), ("networking.k8s.io/v1", "Ingress") }
            .SelectMany(k => cluster.Store.List(k.Item1, k.Item2, ns))
            .Select(o => $"{o["kind"]}/{o["metadata"]!["name"]}@{o["metadata"]!["resourceVersion"]}")
            .Concat([$"ns@{Namespace(cluster, ns)?["metadata"]?["resourceVersion"]}"]).Order());

    public ValueTask DisposeAsync() => W.DisposeAsync();
}
