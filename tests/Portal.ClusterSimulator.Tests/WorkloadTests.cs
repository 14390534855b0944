using k8s;
using k8s.Models;
using Portal.ClusterSimulator.Tests.Support;

namespace Portal.ClusterSimulator.Tests;

/// <summary>Deployments, StatefulSets and claims through KubernetesClient, as the migration wave drives them.</summary>
public sealed class WorkloadTests
{
    [Fact]
    public async Task CreateDeployment_AfterSteps_BecomesAvailableWithConditions()
    {
        await using var cluster = await TestCluster.StartAsync(seed: false);
        using var client = Kube.Connect(cluster);
        await Kube.CreateNamespaceAsync(client, "apps");

        var created = await client.AppsV1.CreateNamespacedDeploymentAsync(Kube.Deployment("web", 3), "apps");
        var ready = await Eventually.UntilAsync(() => client.AppsV1.ReadNamespacedDeploymentAsync("web", "apps"),
            d => d.Status?.AvailableReplicas == 3, "deployment available");

        Assert.Null(created.Status?.ReadyReplicas);
        Assert.Equal(ready.Metadata.Generation, ready.Status.ObservedGeneration);
        Assert.Equal((3, 3, 3), (ready.Status.Replicas, ready.Status.ReadyReplicas, ready.Status.UpdatedReplicas));
        Assert.Equal(("True", "MinimumReplicasAvailable"), (Kube.Condition(ready, "Available")!.Status, Kube.Condition(ready, "Available")!.Reason));
        Assert.Equal("NewReplicaSetAvailable", Kube.Condition(ready, "Progressing")!.Reason);
        Assert.StartsWith("ReplicaSet \"web-", Kube.Condition(ready, "Progressing")!.Message);
    }

    [Fact]
    public async Task ScaleDeployment_ToZeroThroughScaleSubresource_ReportsZeroAndStaysAvailable()
    {
        await using var cluster = await TestCluster.StartAsync();
        using var client = Kube.Connect(cluster);

        var scale = await client.AppsV1.ReadNamespacedDeploymentScaleAsync("catalog-api", "catalog");
        scale.Spec.Replicas = 0;
        await client.AppsV1.ReplaceNamespacedDeploymentScaleAsync(scale, "catalog-api", "catalog");
        var down = await Eventually.UntilAsync(() => client.AppsV1.ReadNamespacedDeploymentAsync("catalog-api", "catalog"),
            d => d.Status?.ObservedGeneration == d.Metadata.Generation, "scale-down observed");
        var back = await client.AppsV1.PatchNamespacedDeploymentAsync(new V1Patch("""{"spec":{"replicas":2}}""", V1Patch.PatchType.MergePatch), "catalog-api", "catalog");
        var up = await Eventually.UntilAsync(() => client.AppsV1.ReadNamespacedDeploymentAsync("catalog-api", "catalog"),
            d => d.Status?.AvailableReplicas == 2, "scale-up available");

        Assert.Equal(2, scale.Status.Replicas);
        Assert.Equal(0, down.Spec.Replicas);
        Assert.Null(down.Status.Replicas); // zero counts are omitted, as upstream
        Assert.Null(down.Status.AvailableReplicas);
        Assert.Equal("True", Kube.Condition(down, "Available")!.Status);
        Assert.True(back.Metadata.Generation > down.Metadata.Generation);
        Assert.Equal(2, up.Status.ReadyReplicas);
    }

    [Fact]
    public async Task StalledRollout_PastDeadline_ReportsProgressDeadlineExceeded()
    {
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var cluster = await TestCluster.StartAsync(seed: false, time: time);
        using var client = Kube.Connect(cluster);
        await Kube.CreateNamespaceAsync(client, "apps");
        cluster.Faults.StallRollouts("apps");

        await client.AppsV1.CreateNamespacedDeploymentAsync(Kube.Deployment("api", 2), "apps");
        var stuck = await Eventually.UntilAsync(() => client.AppsV1.ReadNamespacedDeploymentAsync("api", "apps"),
            d => Kube.Condition(d, "Progressing")?.Reason == "ReplicaSetUpdated", "rollout progressing");
        time.Advance(TimeSpan.FromMinutes(11));
        var failed = await Eventually.UntilAsync(() => client.AppsV1.ReadNamespacedDeploymentAsync("api", "apps"),
            d => Kube.Condition(d, "Progressing")?.Status == "False", "deadline exceeded");
        cluster.Faults.ResumeRollouts();
        var recovered = await Eventually.UntilAsync(() => client.AppsV1.ReadNamespacedDeploymentAsync("api", "apps"),
            d => d.Status?.AvailableReplicas == 2, "rollout resumed");

        Assert.Equal("False", Kube.Condition(stuck, "Available")!.Status);
        Assert.Equal("ProgressDeadlineExceeded", Kube.Condition(failed, "Progressing")!.Reason);
        Assert.Equal("NewReplicaSetAvailable", Kube.Condition(recovered, "Progressing")!.Reason);
    }

    [Fact]
    public async Task CreateClaim_ExistingClass_BindsToProvisionedVolume()
    {
        await using var cluster = await TestCluster.StartAsync(seed: false, classes: [new SimulatedStorageClass("gp3", "ebs.csi.aws.com")]);
        using var client = Kube.Connect(cluster);

        await client.CoreV1.CreateNamespacedPersistentVolumeClaimAsync(Kube.Claim("data", "gp3", "8Gi"), "default");
        var bound = await Eventually.UntilAsync(() => client.CoreV1.ReadNamespacedPersistentVolumeClaimAsync("data", "default"),
            c => c.Status?.Phase == "Bound", "claim bound");
        var volume = await client.CoreV1.ReadPersistentVolumeAsync(bound.Spec.VolumeName);

        Assert.Equal("pvc-" + bound.Metadata.Uid, bound.Spec.VolumeName);
        Assert.Equal("yes", bound.Metadata.Annotations["pv.kubernetes.io/bind-completed"]);
        Assert.Equal("ebs.csi.aws.com", bound.Metadata.Annotations["volume.kubernetes.io/storage-provisioner"]);
        Assert.Equal("8Gi", bound.Status.Capacity["storage"].ToString());
        Assert.Equal(("Bound", "gp3", "data", "ebs.csi.aws.com"), (volume.Status.Phase, volume.Spec.StorageClassName, volume.Spec.ClaimRef.Name, volume.Spec.Csi.Driver));
        Assert.Equal("ebs.csi.aws.com", volume.Metadata.Annotations["pv.kubernetes.io/provisioned-by"]);
    }

    [Fact]
    public async Task CreateClaim_ClassMissing_StaysPendingWithConditionAndEventUntilClassAppears()
    {
        await using var cluster = await TestCluster.StartAsync(name: "dr-west");
        using var client = Kube.Connect(cluster);

        await client.CoreV1.CreateNamespacedPersistentVolumeClaimAsync(Kube.Claim("ledger", "fast-ssd"), "default");
        var pending = await Eventually.UntilAsync(() => client.CoreV1.ReadNamespacedPersistentVolumeClaimAsync("ledger", "default"),
            c => c.Status?.Conditions?.Count > 0, "provisioning failure reported");
        var events = await client.CoreV1.ListNamespacedEventAsync("default", fieldSelector: "involvedObject.name=ledger");
        await client.StorageV1.CreateStorageClassAsync(new V1StorageClass { Metadata = new V1ObjectMeta { Name = "fast-ssd" }, Provisioner = "ebs.csi.aws.com" });
        var bound = await Eventually.UntilAsync(() => client.CoreV1.ReadNamespacedPersistentVolumeClaimAsync("ledger", "default"),
            c => c.Status?.Phase == "Bound", "claim bound once the class exists");

        Assert.Equal("Pending", pending.Status.Phase);
        var condition = Assert.Single(pending.Status.Conditions);
        Assert.Equal(("ProvisioningFailed", "StorageClassNotFound"), (condition.Type, condition.Reason));
        Assert.Equal("storageclass.storage.k8s.io \"fast-ssd\" not found", condition.Message);
        var e = Assert.Single(events.Items);
        Assert.Equal(("Warning", "ProvisioningFailed"), (e.Type, e.Reason));
        Assert.Null(bound.Status.Conditions);
    }

    [Fact]
    public async Task CreateClaim_WithoutClass_GetsTheDefaultClass()
    {
        await using var cluster = await TestCluster.StartAsync(name: "dr-west");
        using var client = Kube.Connect(cluster);

        await client.CoreV1.CreateNamespacedPersistentVolumeClaimAsync(Kube.Claim("scratch", storageClass: null), "default");
        var bound = await Eventually.UntilAsync(() => client.CoreV1.ReadNamespacedPersistentVolumeClaimAsync("scratch", "default"),
            c => c.Status?.Phase == "Bound", "claim bound");

        Assert.Equal("standard", bound.Spec.StorageClassName);
    }

    [Fact]
    public async Task CreateStatefulSet_WithClaimTemplates_CreatesOrdinalClaimsAndBecomesReady()
    {
        await using var cluster = await TestCluster.StartAsync();
        using var client = Kube.Connect(cluster);
        var set = new V1StatefulSet
        {
            Metadata = new V1ObjectMeta { Name = "queue" },
            Spec = new V1StatefulSetSpec
            {
                Replicas = 3,
                ServiceName = "queue",
                Selector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["app"] = "queue" } },
                Template = new V1PodTemplateSpec
                {
                    Metadata = new V1ObjectMeta { Labels = new Dictionary<string, string> { ["app"] = "queue" } },
                    Spec = new V1PodSpec { Containers = [new V1Container { Name = "queue", Image = "ghcr.io/acme/queue:2" }] },
                },
                VolumeClaimTemplates = [new V1PersistentVolumeClaim
                {
                    Metadata = new V1ObjectMeta { Name = "data" },
                    Spec = Kube.Claim("data", "fast-ssd", "2Gi").Spec,
                }],
            },
        };

        await client.AppsV1.CreateNamespacedStatefulSetAsync(set, "analytics");
        var ready = await Eventually.UntilAsync(() => client.AppsV1.ReadNamespacedStatefulSetAsync("queue", "analytics"),
            s => s.Status?.ReadyReplicas == 3, "statefulset ready");
        var claims = await client.CoreV1.ListNamespacedPersistentVolumeClaimAsync("analytics", labelSelector: "app=queue");

        Assert.Equal(["data-queue-0", "data-queue-1", "data-queue-2"], claims.Items.Select(c => c.Metadata.Name).Order().ToArray());
        Assert.All(claims.Items, c => Assert.Equal(("Bound", "fast-ssd"), (c.Status.Phase, c.Spec.StorageClassName)));
        Assert.Equal(ready.Status.CurrentRevision, ready.Status.UpdateRevision);
        Assert.Equal(ready.Metadata.Generation, ready.Status.ObservedGeneration);
    }

    [Fact]
    public async Task StatefulSet_ClaimClassMissing_StaysUnready()
    {
        await using var cluster = await TestCluster.StartAsync(name: "dr-west");
        using var client = Kube.Connect(cluster);
        var set = new V1StatefulSet
        {
            Metadata = new V1ObjectMeta { Name = "store" },
            Spec = new V1StatefulSetSpec
            {
                Replicas = 1,
                ServiceName = "store",
                Selector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["app"] = "store" } },
                Template = new V1PodTemplateSpec
                {
                    Metadata = new V1ObjectMeta { Labels = new Dictionary<string, string> { ["app"] = "store" } },
                    Spec = new V1PodSpec { Containers = [new V1Container { Name = "store", Image = "ghcr.io/acme/store:1" }] },
                },
                VolumeClaimTemplates = [new V1PersistentVolumeClaim { Metadata = new V1ObjectMeta { Name = "data" }, Spec = Kube.Claim("data", "fast-ssd").Spec }],
            },
        };

        await client.AppsV1.CreateNamespacedStatefulSetAsync(set, "default");
        var observed = await Eventually.UntilAsync(() => client.AppsV1.ReadNamespacedStatefulSetAsync("store", "default"),
            s => s.Status?.ObservedGeneration == 1, "statefulset observed");
        await ControllerPasses.WaitAsync(cluster); // a whole pass since: a claim bound by mistake would have made it ready
        var later = await client.AppsV1.ReadNamespacedStatefulSetAsync("store", "default");
        var claim = await client.CoreV1.ReadNamespacedPersistentVolumeClaimAsync("data-store-0", "default");

        Assert.Null(observed.Status.ReadyReplicas);
        Assert.Null(later.Status.ReadyReplicas);
        Assert.Equal("Pending", claim.Status.Phase);
    }

    [Fact]
    public async Task Deployment_MountingUnboundClaim_WaitsForIt()
    {
        await using var cluster = await TestCluster.StartAsync(name: "dr-west");
        using var client = Kube.Connect(cluster);

        await client.CoreV1.CreateNamespacedPersistentVolumeClaimAsync(Kube.Claim("uploads", "fast-ssd"), "default");
        await client.AppsV1.CreateNamespacedDeploymentAsync(Kube.Deployment("uploader", 1, claim: "uploads"), "default");
        await Eventually.UntilAsync(() => client.AppsV1.ReadNamespacedDeploymentAsync("uploader", "default"),
            d => d.Status?.ObservedGeneration == 1, "deployment observed");
        await ControllerPasses.WaitAsync(cluster); // a whole pass since: the rollout would have finished had it not waited
        var waiting = await client.AppsV1.ReadNamespacedDeploymentAsync("uploader", "default");
        // a claim's class cannot be changed (its spec is immutable): it is made again with a class this cluster has
        await client.CoreV1.DeleteNamespacedPersistentVolumeClaimAsync("uploads", "default");
        await client.CoreV1.CreateNamespacedPersistentVolumeClaimAsync(Kube.Claim("uploads", "premium-ssd"), "default");
        var running = await Eventually.UntilAsync(() => client.AppsV1.ReadNamespacedDeploymentAsync("uploader", "default"),
            d => d.Status?.AvailableReplicas == 1, "deployment available once its claim binds");

        Assert.Null(waiting.Status.AvailableReplicas);
        Assert.Equal("MinimumReplicasUnavailable", Kube.Condition(waiting, "Available")!.Reason);
        Assert.Equal("True", Kube.Condition(running, "Available")!.Status);
    }

    [Fact]
    public async Task Ingress_ClassExists_GetsAddress_OtherwiseNone()
    {
        await using var cluster = await TestCluster.StartAsync(name: "dr-west");
        using var client = Kube.Connect(cluster);
        V1Ingress Ingress(string name, string ingressClass) => new()
        {
            Metadata = new V1ObjectMeta { Name = name },
            Spec = new V1IngressSpec
            {
                IngressClassName = ingressClass,
                DefaultBackend = new V1IngressBackend { Service = new V1IngressServiceBackend { Name = "web", Port = new V1ServiceBackendPort { Number = 80 } } },
            },
        };

        await client.NetworkingV1.CreateNamespacedIngressAsync(Ingress("public", "nginx"), "default");
        await client.NetworkingV1.CreateNamespacedIngressAsync(Ingress("internal", "alb"), "default");
        var served = await Eventually.UntilAsync(() => client.NetworkingV1.ReadNamespacedIngressAsync("public", "default"),
            i => i.Status?.LoadBalancer?.Ingress?.Count > 0, "address assigned");
        var unserved = await client.NetworkingV1.ReadNamespacedIngressAsync("internal", "default");

        Assert.StartsWith("203.0.113.", served.Status.LoadBalancer.Ingress[0].Ip);
        Assert.Null(unserved.Status?.LoadBalancer?.Ingress);
    }
}
