using Portal.Domain.Moves;
using Portal.Domain.Requests;
using Portal.IntegrationTests.Support;

namespace Portal.IntegrationTests.Moves;

/// <summary>Whole waves on two simulated clusters over HTTPS and real PostgreSQL: the dispatcher starts the wave and
/// queues its applications, the executor moves each by its playbook, and everything can be rolled back.</summary>
public class WaveExecutionTests
{
    internal const string Owner = "kubernetes-portal.io/migration-application";

    [Fact]
    public async Task Wave_MovesCatalogReportsAndStorefront_FromProdEastToDrWest()
    {
        await using var w = await MigrationWorld.CreateAsync();
        var wave = await w.ApprovedWaveAsync([MigrationWorld.Catalog, MigrationWorld.Reports, MigrationWorld.Storefront]);
        await w.StartAsync();

        var done = await w.WaitForWaveAsync(wave.WaveId, x => x.HasEnded);
        Assert.True(done.Status == MigrationWaveStatus.Completed, await w.DescribeAsync(wave.WaveId));
        foreach (var (ns, id) in wave.Apps)
        {
            var app = await w.AppAsync(id);
            Assert.Equal(MigrationApplicationStatus.Moved, app.Status);
            Assert.All(app.Steps, s => Assert.True(s.IsFinished, $"{ns} {s.Step} is {s.Status}"));
            Assert.Equal(RequestStatus.Succeeded, (await w.RequestAsync(wave.Requests[ns])).Status);
            // What is applied holds the application's Secrets: stored encrypted, never as readable JSON.
            Assert.DoesNotContain("\"apiVersion\"", app.RunState.ManifestsJson!);
        }
        await AssertMovedAsync(w, wave);
        var audit = await w.AuditActionsAsync();
        Assert.Contains("migration.wave.started", audit);
        Assert.Contains("migration.wave.ended", audit);
        Assert.Equal(3, audit.Count(a => a == "migration.application.moved"));
    }

    internal static async Task AssertMovedAsync(MigrationWorld w, MigrationWorld.BuiltWave wave)
    {
        // Target: workloads available at the source's replicas, claims bound, on the mapped storage class.
        var catalog = MigrationWorld.Get(w.Target, "apps/v1", "Deployment", "catalog", "catalog-api")!;
        Assert.Equal(2, MigrationWorld.Int(catalog["spec"]!["replicas"]!));
        Assert.Equal(2, MigrationWorld.Int(catalog["status"]?["availableReplicas"]));
        Assert.Equal(wave.Apps["catalog"].ToString(), catalog["metadata"]!["labels"]![Owner]!.GetValue<string>());
        Assert.NotNull(MigrationWorld.Get(w.Target, "v1", "Service", "catalog", "catalog-api"));
        Assert.Equal(2, MigrationWorld.Replicas(w.Target, "StatefulSet", "reports", "report-store"));
        var claims = MigrationWorld.List(w.Target, "v1", "PersistentVolumeClaim", "reports");
        Assert.NotEmpty(claims);
        Assert.All(claims, c => Assert.Equal("Bound", c["status"]?["phase"]?.GetValue<string>()));
        Assert.DoesNotContain(claims, c => c["spec"]?["storageClassName"]?.GetValue<string>() == "fast-ssd");
        Assert.Contains(claims, c => c["spec"]?["storageClassName"]?.GetValue<string>() == "premium-ssd");
        Assert.Equal(3, MigrationWorld.Replicas(w.Target, "Deployment", "storefront", "web"));

        // The portal worked in both namespaces through its own RoleBinding there, and labelled the namespaces it made.
        foreach (var ns in wave.Apps.Keys)
        {
            foreach (var cluster in new[] { w.Source, w.Target })
                Assert.Equal("kubernetes-portal-namespace", MigrationWorld.Get(cluster, "rbac.authorization.k8s.io/v1", "RoleBinding", ns, "kubernetes-portal")?["roleRef"]?["name"]?.GetValue<string>());
            Assert.Equal("kubernetes-portal", MigrationWorld.Get(w.Target, "v1", "Namespace", null, ns)?["metadata"]?["labels"]?["app.kubernetes.io/managed-by"]?.GetValue<string>());
        }

        // Source: scaled to zero, Argo CD frozen with who, why and until when.
        Assert.Equal(0, MigrationWorld.Replicas(w.Source, "Deployment", "catalog", "catalog-api"));
        Assert.Equal(0, MigrationWorld.Replicas(w.Source, "StatefulSet", "reports", "report-store"));
        Assert.Equal(0, MigrationWorld.Replicas(w.Source, "Deployment", "storefront", "web"));
        var argo = MigrationWorld.Get(w.Source, "argoproj.io/v1alpha1", "Application", "argocd", "storefront")!;
        Assert.Null(argo["spec"]!["syncPolicy"]?["automated"]);
        var annotations = argo["metadata"]!["annotations"]!;
        Assert.Contains("Wave 1", annotations["kubernetes-portal.io/frozen-by"]!.GetValue<string>());
        Assert.Contains("Pete Platform", annotations["kubernetes-portal.io/frozen-by"]!.GetValue<string>());
        Assert.NotNull(annotations["kubernetes-portal.io/frozen-reason"]);
        Assert.True(DateTimeOffset.TryParse(annotations["kubernetes-portal.io/frozen-until"]!.GetValue<string>(), out _));

        // Argo CD on the target took the application over, with the automated sync it had.
        var moved = MigrationWorld.Get(w.Target, "argoproj.io/v1alpha1", "Application", "argocd", "storefront")!;
        Assert.Equal("storefront", moved["spec"]!["destination"]!["namespace"]!.GetValue<string>());
        Assert.NotNull(moved["spec"]!["syncPolicy"]!["automated"]);
        Assert.Equal(wave.Apps["storefront"].ToString(), moved["metadata"]!["labels"]![Owner]!.GetValue<string>());
    }
}
