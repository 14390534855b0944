using System.Text.Json.Nodes;
using Portal.ClusterSimulator.Api;
using Portal.ClusterSimulator.Hosting;
using Portal.ClusterSimulator.Json;
using Portal.ClusterSimulator.Resources;

namespace Portal.ClusterSimulator.Workloads;

/// <summary>
/// The parts of kube-controller-manager (and an ingress controller) that make workloads look alive, in one cheap
/// pass per controller step: StatefulSet claims are created, claims bind (<see cref="VolumeBinder"/>), Deployments
/// and StatefulSets report their rollout (<see cref="DeploymentRollout"/>, <see cref="StatefulSetRollout"/>) and
/// Ingresses of an existing IngressClass get a load-balancer address. Writes happen only when something changed.
/// </summary>
internal sealed class WorkloadController(SimulatorContext sim)
{
    private readonly VolumeBinder _binder = new(sim);
    private readonly ResourceDefinition _claims = sim.Definition("v1", "PersistentVolumeClaim")!;
    private readonly ResourceDefinition? _deployments = sim.Definition("apps/v1", "Deployment");
    private readonly ResourceDefinition? _statefulSets = sim.Definition("apps/v1", "StatefulSet");
    private readonly ResourceDefinition? _ingresses = sim.Definition("networking.k8s.io/v1", "Ingress");
    private readonly ResourceDefinition? _ingressClasses = sim.Definition("networking.k8s.io/v1", "IngressClass");
    private readonly ResourceDefinition _services = sim.Definition("v1", "Service")!;

    public void Step()
    {
        var sets = _statefulSets is null ? [] : sim.Store.List(_statefulSets, null).Items;
        foreach (var set in sets.Where(s => !WorkloadObjects.IsDeleting(s))) CreateMissingClaims(set);
        var claims = _binder.Step();
        bool Bound(string? ns, string claim) => claims.TryGetValue(VolumeBinder.Key(ns, claim), out var phase) && phase == "Bound";
        var now = sim.Store.Time.GetUtcNow();

        foreach (var set in sets)
        {
            var ns = JsonHelpers.NamespaceOf(set);
            var blocked = sim.Faults.IsRolloutStalled(ns) || sim.Faults.IsNeverReady(JsonHelpers.NameOf(set)) || WorkloadObjects.ClaimsOf(set.AtPath("spec.template")).Any(c => !Bound(ns, c));
            Report(_statefulSets!, set, StatefulSetRollout.Status(set, c => Bound(ns, c), blocked));
        }
        if (_deployments is not null)
        {
            foreach (var deployment in sim.Store.List(_deployments, null).Items)
            {
                var ns = JsonHelpers.NamespaceOf(deployment);
                var blocked = sim.Faults.IsRolloutStalled(ns) || sim.Faults.IsNeverReady(JsonHelpers.NameOf(deployment)) || WorkloadObjects.ClaimsOf(deployment.AtPath("spec.template")).Any(c => !Bound(ns, c));
                Report(_deployments, deployment, DeploymentRollout.Status(deployment, blocked, now));
            }
        }
        AssignIngressAddresses();
        AssignLoadBalancerAddresses();
    }

    /// <summary>The cloud controller's part: a Service of type LoadBalancer gets an address at the next step
    /// (<see cref="LoadBalancerAddress"/>); one that is no longer of that type loses it.</summary>
    private void AssignLoadBalancerAddresses()
    {
        foreach (var service in sim.Store.List(_services, null).Items)
        {
            var isLoadBalancer = service.AtPath("spec.type").ScalarText() == "LoadBalancer";
            var hasAddress = service.AtPath("status.loadBalancer.ingress") is JsonArray { Count: > 0 };
            if (isLoadBalancer == hasAddress || WorkloadObjects.IsDeleting(service)) continue;
            if (isLoadBalancer && sim.Faults.LoadBalancersWithheld) continue;
            var address = LoadBalancerAddress(sim.Options.ClusterName, JsonHelpers.NamespaceOf(service), JsonHelpers.NameOf(service)!);
            var status = isLoadBalancer
                ? new JsonObject { ["loadBalancer"] = new JsonObject { ["ingress"] = new JsonArray(new JsonObject { ["ip"] = address, ["ipMode"] = "VIP" }) } }
                : new JsonObject { ["loadBalancer"] = new JsonObject() };
            Report(_services, service, status);
        }
    }

    /// <summary>The fake external address of a LoadBalancer Service: in 198.51.100.0/24 (TEST-NET-2; Ingresses get
    /// 203.0.113.x), fixed per cluster, namespace and name, so each cluster hands out its own.</summary>
    public static string LoadBalancerAddress(string cluster, string? ns, string name) =>
        "198.51.100." + (1 + Convert.ToInt32(WorkloadObjects.Hex($"{cluster}/{ns}/{name}", 2), 16) % 250);

    private void Report(ResourceDefinition def, JsonObject obj, JsonObject status)
    {
        if (JsonNode.DeepEquals(obj["status"], status)) return;
        sim.Store.Mutate(def, JsonHelpers.NamespaceOf(obj), JsonHelpers.NameOf(obj)!, o =>
        {
            o["status"] = status;
            return true;
        });
    }

    private void CreateMissingClaims(JsonObject set)
    {
        foreach (var claim in StatefulSetRollout.Claims(set))
        {
            if (sim.Store.Get(_claims, JsonHelpers.NamespaceOf(claim), JsonHelpers.NameOf(claim)!) is not null) continue;
            try
            {
                sim.Store.Create(_claims, claim);
            }
            catch (ApiException)
            {
                // created meanwhile, or the namespace is going away
            }
        }
    }

    /// <summary>An Ingress whose class exists (spec.ingressClassName, the legacy annotation, else the default class) gets an address.</summary>
    private void AssignIngressAddresses()
    {
        if (_ingresses is null) return;
        var ingresses = sim.Store.List(_ingresses, null).Items;
        if (ingresses.Count == 0) return;
        var classes = _ingressClasses is null ? [] : sim.Store.List(_ingressClasses, null).Items;
        var defaultClass = WorkloadObjects.DefaultClass(classes, WorkloadObjects.DefaultIngressClassAnnotation);
        foreach (var ingress in ingresses)
        {
            var className = ingress.AtPath("spec.ingressClassName").ScalarText()
                ?? ingress.AtPath("metadata.annotations")?.StringProperty("kubernetes.io/ingress.class")
                ?? (defaultClass is null ? null : JsonHelpers.NameOf(defaultClass));
            if (className is null || !classes.Any(c => JsonHelpers.NameOf(c) == className)) continue;
            var address = "203.0.113." + (1 + Convert.ToInt32(WorkloadObjects.Hex(sim.Options.ClusterName + "/" + className, 2), 16) % 250);
            var status = new JsonObject
            {
                ["loadBalancer"] = new JsonObject { ["ingress"] = new JsonArray(new JsonObject { ["ip"] = address }) },
            };
            Report(_ingresses, ingress, status);
        }
    }
}
