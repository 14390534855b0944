using Portal.ClusterSimulator;
using Portal.Kubernetes.Tests.Support;

namespace Portal.Kubernetes.Tests.Moves;

/// <summary>What the preflight reads about the demo sites through the migration gateway.</summary>
public class MigrationFactsTests
{
    [Fact]
    public async Task ReadFacts_DrWest_ClassesApisCrdsReadOnlySharedLocationAndSnapshotClass()
    {
        await using var sim = await MigrationSimulator.StartAsync("dr-west");

        var facts = await MigrationSimulator.Gateway().ReadFactsAsync(sim.Connection(), "velero", CancellationToken.None);

        Assert.Contains(facts.Namespaces, n => n.Name == "velero" && n.OwnerTenant is null);
        Assert.DoesNotContain(facts.Namespaces, n => n.Name == "reports");
        Assert.Equal(["premium-ssd", "shared-files", "standard"], facts.StorageClasses.Select(s => s.Name));
        Assert.True(facts.StorageClasses.Single(s => s.Name == "standard").IsDefault);
        Assert.False(facts.StorageClasses.Single(s => s.Name == "premium-ssd").IsDefault);
        Assert.All(facts.StorageClasses, s => Assert.False(string.IsNullOrEmpty(s.Provisioner)));
        var nginx = Assert.Single(facts.IngressClasses);
        Assert.Equal(("nginx", "k8s.io/ingress-nginx", true), (nginx.Name, nginx.Controller, nginx.IsDefault));
        Assert.Contains(facts.ServedApis, a => a.ApiVersion == "argoproj.io/v1alpha1" && a.Kinds.Contains("Application"));
        Assert.Contains(facts.ServedApis, a => a.ApiVersion == "apps/v1" && a.Kinds.Contains("StatefulSet"));
        Assert.Contains(facts.ServedApis, a => a.ApiVersion == "v1" && a.Kinds.Contains("PersistentVolumeClaim"));
        Assert.Contains(facts.CustomResources, c => c.Group == "argoproj.io" && c.Kind == "Application" && c.Versions.Contains("v1alpha1"));
        Assert.Contains(facts.CustomResources, c => c.Group == "kustomize.toolkit.fluxcd.io" && c.Kind == "Kustomization" && c.Versions.Contains("v1"));
        var shared = Assert.Single(facts.BackupLocations, l => l.Name == "prod-east");
        Assert.Equal(("velero-prod-east", "backups"), (shared.Bucket, shared.Prefix?.Trim('/')));
        Assert.True(shared.IsReadOnly);
        Assert.True(shared.IsAvailable);
        Assert.False(string.IsNullOrEmpty(shared.Provider));
        var vsc = Assert.Single(facts.VolumeSnapshotClasses, v => v.IsVeleroClass);
        Assert.Equal("csi-aws-vsc", vsc.Name);
        Assert.Contains(facts.VolumeSnapshotClasses, v => v is { Name: "csi-aws-vsc-delete", IsVeleroClass: false });
        Assert.Empty(facts.SourceBackupLocations);
    }

    [Fact]
    public async Task ReadFacts_ProdEast_FastSsdAlbAndOwnWritableLocation()
    {
        await using var sim = await MigrationSimulator.StartAsync("prod-east");

        var facts = await MigrationSimulator.Gateway().ReadFactsAsync(sim.Connection(), "velero", CancellationToken.None);

        Assert.Contains(facts.Namespaces, n => n.Name == "reports");
        Assert.Equal(["fast-ssd", "shared-files", "standard"], facts.StorageClasses.Select(s => s.Name));
        Assert.Equal(["alb", "nginx"], facts.IngressClasses.Select(i => i.Name));
        var home = Assert.Single(facts.BackupLocations);
        Assert.Equal(("default", "velero-prod-east", false, true), (home.Name, home.Bucket, home.IsReadOnly, home.IsAvailable));
    }

    [Fact]
    public async Task ReadFacts_VeleroCsiAndGitOpsNotServed_EmptyListsNotErrors()
    {
        await using var sim = await SimulatedCluster.StartAsync(new SimulatorOptions
        {
            ClusterName = "bare", Port = 0, SeedDemoData = false, PhaseStepDelay = TimeSpan.FromMilliseconds(50),
            UnservedApis = ["velero.io", "snapshot.storage.k8s.io", "argoproj.io", "kustomize.toolkit.fluxcd.io"],
        });

        var facts = await MigrationSimulator.Gateway().ReadFactsAsync(sim.Connection(), "velero", CancellationToken.None);

        Assert.Empty(facts.BackupLocations);
        Assert.Empty(facts.VolumeSnapshotClasses);
        Assert.DoesNotContain(facts.ServedApis, a => a.ApiVersion.StartsWith("velero.io/", StringComparison.Ordinal));
        Assert.DoesNotContain(facts.CustomResources, c => c.Group is "velero.io" or "argoproj.io");
        Assert.Contains(facts.Namespaces, n => n.Name == "default");
    }

    [Fact]
    public async Task ReadFacts_ALoadBalancerServiceWithAnAddress_IsEvidenceOfLoadBalancers_OneWithoutIsNot()
    {
        await using var sim = await MigrationSimulator.StartAsync("dr-west");
        sim.Faults.WithholdLoadBalancers();
        sim.Store.Put(System.Text.Json.Nodes.JsonNode.Parse("""{"apiVersion":"v1","kind":"Service","metadata":{"name":"edge","namespace":"default"},"spec":{"type":"LoadBalancer","selector":{"app":"edge"},"ports":[{"port":443,"targetPort":8443,"protocol":"TCP"}]}}""")!);
        var gateway = MigrationSimulator.Gateway();
        await ControllerPasses.WaitAsync(sim); // a whole pass of the cloud controller since: it would have given the address
        Assert.DoesNotContain((await gateway.ReadFactsAsync(sim.Connection(), "velero", CancellationToken.None)).LoadBalancerEvidence, e => e.Contains("default/edge"));

        sim.Faults.ProvideLoadBalancers();
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            var facts = await gateway.ReadFactsAsync(sim.Connection(), "velero", CancellationToken.None);
            if (facts.LoadBalancerEvidence.Contains("Service default/edge has a LoadBalancer address")) break;
            Assert.True(DateTime.UtcNow < deadline, string.Join("; ", facts.LoadBalancerEvidence));
            await Task.Delay(100);
        }
    }
}
