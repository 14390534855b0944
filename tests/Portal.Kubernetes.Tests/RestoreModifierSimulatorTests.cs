using System.Text.Json.Nodes;
using Portal.Application.Abstractions.Clusters;
using Portal.ClusterSimulator;
using Portal.Domain.Common;
using Portal.Domain.Requests;
using Portal.Kubernetes.Tests.Support;
using Portal.TestSupport;

namespace Portal.Kubernetes.Tests;

/// <summary>The portal's restore modifier rules, written by the gateway as Velero reads them and applied by the simulator's
/// Velero: what a drill isolates and what a restore to another cluster maps arrives changed, everything else as it was.</summary>
public class RestoreModifierSimulatorTests
{
    private const string Source = "modifier-src";

    private static JsonNode J(string json, string claim = "", string cls = "") =>
        JsonNode.Parse(json.Replace("SRC", Source, StringComparison.Ordinal).Replace("CLAIM", claim, StringComparison.Ordinal).Replace("CLS", cls, StringComparison.Ordinal))!;

    private static void Seed(SimulatedCluster sim)
    {
        sim.Store.Put(J("""{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"SRC"}}"""));
        sim.Store.Put(J("""
            {"apiVersion":"batch/v1","kind":"CronJob","metadata":{"name":"nightly","namespace":"SRC"},
             "spec":{"schedule":"0 2 * * *","jobTemplate":{"spec":{"template":{"spec":{"restartPolicy":"Never","containers":[{"name":"c","image":"busybox"}]}}}}}}
            """));
        sim.Store.Put(J("""
            {"apiVersion":"v1","kind":"Service","metadata":{"name":"public","namespace":"SRC"},
             "spec":{"type":"LoadBalancer","externalTrafficPolicy":"Local","ports":[{"port":80}],"selector":{"app":"web"}}}
            """));
        sim.Store.Put(J("""
            {"apiVersion":"v1","kind":"Service","metadata":{"name":"internal","namespace":"SRC"},
             "spec":{"type":"ClusterIP","ports":[{"port":8080}],"selector":{"app":"api"}}}
            """));
        sim.Store.Put(J("""
            {"apiVersion":"networking.k8s.io/v1","kind":"Ingress","metadata":{"name":"by-spec","namespace":"SRC"},
             "spec":{"ingressClassName":"alb","defaultBackend":{"service":{"name":"public","port":{"number":80}}}}}
            """));
        sim.Store.Put(J("""
            {"apiVersion":"networking.k8s.io/v1","kind":"Ingress","metadata":{"name":"by-annotation","namespace":"SRC","annotations":{"kubernetes.io/ingress.class":"alb"}},
             "spec":{"defaultBackend":{"service":{"name":"public","port":{"number":80}}}}}
            """));
        sim.Store.Put(J("""
            {"apiVersion":"networking.k8s.io/v1","kind":"Ingress","metadata":{"name":"other-class","namespace":"SRC","annotations":{"kubernetes.io/ingress.class":"haproxy"}},
             "spec":{"defaultBackend":{"service":{"name":"public","port":{"number":80}}}}}
            """));
        foreach (var (claim, cls) in new[] { ("data-fast", "fast"), ("data-standard", "standard") })
        {
            sim.Store.Put(J("""
                {"apiVersion":"v1","kind":"PersistentVolumeClaim","metadata":{"name":"CLAIM","namespace":"SRC"},
                 "spec":{"accessModes":["ReadWriteOnce"],"storageClassName":"CLS","resources":{"requests":{"storage":"1Gi"}}}}
                """, claim, cls));
        }
    }

    [Fact]
    public async Task Restore_WithDrillAndClassRules_ChangesOnlyWhatTheRulesName()
    {
        await using var sim = await Simulator.StartAsync();
        Seed(sim);
        var gateway = GatewayFactory.Create();
        var labels = new Dictionary<string, string> { [PortalLabels.RequestId] = "req-mod" };
        await gateway.EnsureBackupAsync(sim.Connection(), "velero",
            new VeleroBackupSpec("portal-backup-mod", Source, TimeSpan.FromDays(1), VolumeBackupMode.None, null, labels), CancellationToken.None);
        await Eventually.UntilAsync(() => Task.FromResult(sim.Store.Get("velero.io/v1", "Backup", "velero", "portal-backup-mod")),
            b => b?["status"]?["phase"]?.GetValue<string>() == "Completed", "backup");

        IReadOnlyList<RestoreModifierRule> rules =
        [
            RestoreModifiers.SuspendCronJobs, .. RestoreModifiers.ServicesToClusterIp,
            .. RestoreModifiers.StorageClasses(new Dictionary<string, string> { ["fast"] = "premium" }),
            .. RestoreModifiers.IngressClasses(new Dictionary<string, string> { ["alb"] = "nginx" }),
        ];
        var spec = new VeleroRestoreSpec("portal-restore-mod", "portal-backup-mod", Source, "modifier-copy", ExistingResourcePolicy.None, false, labels, rules);
        await gateway.EnsureRestoreAsync(sim.Connection(), "velero", spec, CancellationToken.None);
        var done = await Eventually.UntilAsync(() => Task.FromResult(sim.Store.Get("velero.io/v1", "Restore", "velero", "portal-restore-mod")),
            r => r?["status"]?["phase"]?.GetValue<string>() is "Completed" or "PartiallyFailed" or "Failed" or "FailedValidation", "restore");

        Assert.Equal("Completed", done!["status"]!["phase"]!.GetValue<string>());
        Assert.True(sim.Store.Get("batch/v1", "CronJob", "modifier-copy", "nightly")!["spec"]!["suspend"]!.GetValue<bool>());
        var lb = sim.Store.Get("v1", "Service", "modifier-copy", "public")!["spec"]!.AsObject();
        Assert.Equal("ClusterIP", lb["type"]!.GetValue<string>());
        Assert.False(lb.ContainsKey("externalTrafficPolicy"));
        Assert.Equal("ClusterIP", sim.Store.Get("v1", "Service", "modifier-copy", "internal")!["spec"]!["type"]!.GetValue<string>());
        Assert.Equal("premium", sim.Store.Get("v1", "PersistentVolumeClaim", "modifier-copy", "data-fast")!["spec"]!["storageClassName"]!.GetValue<string>());
        Assert.Equal("standard", sim.Store.Get("v1", "PersistentVolumeClaim", "modifier-copy", "data-standard")!["spec"]!["storageClassName"]!.GetValue<string>());
        var bySpec = sim.Store.Get("networking.k8s.io/v1", "Ingress", "modifier-copy", "by-spec")!;
        Assert.Equal("nginx", bySpec["spec"]!["ingressClassName"]!.GetValue<string>());
        Assert.Null(bySpec["metadata"]!["annotations"]?["kubernetes.io/ingress.class"]);
        var byAnnotation = sim.Store.Get("networking.k8s.io/v1", "Ingress", "modifier-copy", "by-annotation")!;
        Assert.Equal("nginx", byAnnotation["metadata"]!["annotations"]!["kubernetes.io/ingress.class"]!.GetValue<string>());
        Assert.Null(byAnnotation["spec"]!["ingressClassName"]);
        Assert.Equal("haproxy", sim.Store.Get("networking.k8s.io/v1", "Ingress", "modifier-copy", "other-class")!["metadata"]!["annotations"]!["kubernetes.io/ingress.class"]!.GetValue<string>());
        // The live namespace is as it was.
        Assert.Equal("LoadBalancer", sim.Store.Get("v1", "Service", Source, "public")!["spec"]!["type"]!.GetValue<string>());
    }

    [Fact]
    public async Task Restores_WithTheSameRules_ShareOneConfigMap()
    {
        await using var sim = await Simulator.StartAsync();
        Seed(sim);
        var gateway = GatewayFactory.Create();
        var backup = (await gateway.ListBackupsAsync(sim.Connection(), "velero", CancellationToken.None)).First(b => b.IsRestorable);
        IReadOnlyList<RestoreModifierRule> rules = [RestoreModifiers.SuspendCronJobs];
        foreach (var n in new[] { "a", "b" })
        {
            await gateway.EnsureRestoreAsync(sim.Connection(), "velero", new VeleroRestoreSpec($"portal-restore-{n}", backup.Name, backup.IncludedNamespaces.FirstOrDefault() ?? "default",
                $"shared-{n}", ExistingResourcePolicy.None, false, new Dictionary<string, string> { [PortalLabels.RequestId] = $"req-{n}" }, rules), CancellationToken.None);
        }

        var maps = sim.Store.List("v1", "ConfigMap", "velero").Where(c => c["metadata"]!["name"]!.GetValue<string>().StartsWith("portal-restore-modifiers-", StringComparison.Ordinal)).ToList();
        Assert.Single(maps);
        Assert.Equal(VeleroObjectBuilder.RestoreModifiersName(rules), maps[0]["metadata"]!["name"]!.GetValue<string>());
    }
}
