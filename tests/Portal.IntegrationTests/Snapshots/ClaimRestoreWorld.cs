using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Portal.Application.Common;
using Portal.Application.Features.Access;
using Portal.Application.Features.Requests.Decide;
using Portal.Application.Security;
using Portal.ClusterSimulator;
using Portal.Domain.Access;
using Portal.Domain.Requests;
using Portal.IntegrationTests.Support;
using Portal.TestSupport;

namespace Portal.IntegrationTests.Snapshots;

/// <summary>Restores from CSI snapshots on real PostgreSQL and the simulated prod-east of the migration world: Webshop's
/// <c>reports</c>, whose Deployment <c>report-renderer</c> mounts claim <c>report-archive</c>, two SREs of Webshop (one asks, the
/// other approves), and a ready VolumeSnapshot <c>archive-before</c> of that claim.</summary>
internal sealed class ClaimRestoreWorld : IAsyncDisposable
{
    public const string Ns = "reports", Claim = "report-archive", Snapshot = "archive-before";
    public static readonly Portal.Domain.Requests.WorkloadReference Renderer = new("Deployment", "report-renderer");

    public MigrationWorld W { get; private set; } = null!;
    public CurrentPrincipal Sam { get; private set; } = null!;
    public CurrentPrincipal Rita { get; private set; } = null!;
    public Guid ReportsId { get; private set; }
    public SimulatedCluster Cluster => W.Source;

    public static async Task<ClaimRestoreWorld> CreateAsync(bool startExecutor = true)
    {
        var d = new ClaimRestoreWorld { W = await MigrationWorld.CreateAsync(new Dictionary<string, string?>
        {
            ["Snapshots:Restore:BindTimeout"] = "00:00:30", ["Snapshots:Restore:StopTimeout"] = "00:00:30", ["Snapshots:Restore:ReadyTimeout"] = "00:00:30",
        }) };
        d.Sam = await d.UserAsync("sam", "Sam Reliability");
        d.Rita = await d.UserAsync("rita", "Rita Recovery");
        await using (var db = await d.W.Portal.OpenAllAsync())
        {
            foreach (var u in new[] { d.Sam, d.Rita })
                db.ScopeBindings.Add(new ScopeBinding(PrincipalKind.User, u.UserId, Persona.SreEngineer, ScopeKind.Tenant, d.W.TenantId));
            d.ReportsId = await db.TenantNamespaces.Where(n => n.ClusterId == d.W.SourceId && n.Namespace == Ns).Select(n => n.Id).FirstAsync();
            await db.SaveChangesAsync();
        }
        await Eventually.UntilAsync(() => Task.FromResult(ClaimOf(d.Cluster, Claim)), c => Text(c?["status"]?["phase"]) == "Bound", "report-archive bound");
        d.Cluster.Store.Put(new JsonObject
        {
            ["apiVersion"] = "snapshot.storage.k8s.io/v1", ["kind"] = "VolumeSnapshot",
            ["metadata"] = new JsonObject { ["name"] = Snapshot, ["namespace"] = Ns },
            ["spec"] = new JsonObject { ["source"] = new JsonObject { ["persistentVolumeClaimName"] = Claim } },
        });
        await Eventually.UntilAsync(() => Task.FromResult(d.Cluster.Store.Get("snapshot.storage.k8s.io/v1", "VolumeSnapshot", Ns, Snapshot)),
            s => s?["status"]?["readyToUse"]?.GetValue<bool>() == true, "snapshot archive-before ready");
        if (startExecutor) await d.W.Portal.StartExecutorAsync();
        return d;
    }

    private async Task<CurrentPrincipal> UserAsync(string key, string name)
    {
        var id = MigrationWorld.Ok(await W.Portal.RunAsync<RecordSignIn, Result<Guid>>(u => u.HandleAsync(new RecordSignInCommand($"test:{key}", name, $"{key}@example.test"))));
        return new CurrentPrincipal(id.ToString(), name, $"{key}@example.test", []);
    }

    public async Task<T> AsAsync<TUseCase, T>(CurrentPrincipal who, Func<TUseCase, Task<T>> call) where TUseCase : notnull
    {
        W.Portal.Principal.Current = who;
        return await W.Portal.RunAsync(call);
    }

    public async Task ApproveAsync(Guid request, CurrentPrincipal by) =>
        MigrationWorld.Ok(await AsAsync<DecideOnRequest, Result<RequestStatus>>(by, u => u.HandleAsync(new DecideOnRequestCommand(request, true, "go"))));

    public async Task<OperationRequest> WaitAsync(Guid id, Func<OperationRequest, bool>? until = null, int seconds = 90) =>
        await Eventually.UntilAsync<OperationRequest>(async () => await W.RequestAsync(id), until ?? (r => r.Status.IsTerminal()), $"request {id}", seconds * 1000);

    public static JsonObject? ClaimOf(SimulatedCluster c, string name) => c.Store.Get("v1", "PersistentVolumeClaim", Ns, name);

    public static JsonObject? Volume(SimulatedCluster c, string name) => c.Store.Get("v1", "PersistentVolume", null, name);

    public static string? Text(JsonNode? n) => n is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    public ValueTask DisposeAsync() => W.DisposeAsync();
}
