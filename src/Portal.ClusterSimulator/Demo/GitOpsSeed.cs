using System.Text.Json.Nodes;
using Portal.ClusterSimulator.GitOps;
using Portal.ClusterSimulator.Hosting;

namespace Portal.ClusterSimulator.Demo;

/// <summary>
/// Argo CD in <c>argocd</c> (its controllers and the <c>default</c> AppProject) and Flux in <c>flux-system</c> (its
/// controllers and the <c>fleet</c> GitRepository), on both demo sites — each only when the cluster serves its CRDs.
/// </summary>
internal static class GitOpsSeed
{
    public const string FleetRepository = "https://git.example.com/platform/fleet.git";

    public static void Seed(SimulatorContext sim)
    {
        var store = sim.Store;
        if (sim.Definition(ArgoApplication.ApiVersion, "Application") is not null)
        {
            SystemNamespace(sim, "argocd", "argocd");
            foreach (var (name, image) in new[] { ("argocd-server", "quay.io/argoproj/argocd:v3.1.5"), ("argocd-repo-server", "quay.io/argoproj/argocd:v3.1.5") })
                DemoSeed.Add(store, DemoObjects.Deployment("argocd", name, image, 1));
            var controller = DemoObjects.Deployment("argocd", "argocd-application-controller", "quay.io/argoproj/argocd:v3.1.5", 1);
            controller["kind"] = "StatefulSet";
            controller["spec"]!["serviceName"] = "argocd-application-controller";
            controller["status"] = new JsonObject { ["observedGeneration"] = 1, ["replicas"] = 1, ["readyReplicas"] = 1 };
            DemoSeed.Add(store, controller);
            if (sim.Definition(ArgoApplication.ApiVersion, "AppProject") is not null) DemoSeed.Add(store, DefaultProject());
        }
        if (sim.Definition(FluxReconciler.KustomizeApiVersion, "Kustomization") is not null)
        {
            SystemNamespace(sim, "flux-system", "flux");
            foreach (var name in new[] { "source-controller", "kustomize-controller", "helm-controller", "notification-controller" })
                DemoSeed.Add(store, DemoObjects.Deployment("flux-system", name, $"ghcr.io/fluxcd/{name}:v1.6.0", 1));
            if (sim.Definition(FluxReconciler.SourceApiVersion, "GitRepository") is not null) DemoSeed.Add(store, FleetRepositoryObject());
        }
    }

    private static void SystemNamespace(SimulatorContext sim, string ns, string partOf) =>
        DemoSeed.Add(sim.Store, DemoObjects.Namespace(ns, new()
        {
            ["kubernetes.io/metadata.name"] = ns,
            ["app.kubernetes.io/part-of"] = partOf,
        }));

    /// <summary>The project Argo CD creates at start: anything from any repository, anywhere.</summary>
    private static JsonObject DefaultProject() => new()
    {
        ["apiVersion"] = ArgoApplication.ApiVersion,
        ["kind"] = "AppProject",
        ["metadata"] = new JsonObject { ["name"] = "default", ["namespace"] = "argocd" },
        ["spec"] = new JsonObject
        {
            ["sourceRepos"] = new JsonArray("*"),
            ["destinations"] = new JsonArray(new JsonObject { ["server"] = "*", ["namespace"] = "*" }),
            ["clusterResourceWhitelist"] = new JsonArray(new JsonObject { ["group"] = "*", ["kind"] = "*" }),
        },
    };

    private static JsonObject FleetRepositoryObject() => new()
    {
        ["apiVersion"] = FluxReconciler.SourceApiVersion,
        ["kind"] = "GitRepository",
        ["metadata"] = new JsonObject { ["name"] = "fleet", ["namespace"] = "flux-system" },
        ["spec"] = new JsonObject
        {
            ["interval"] = "1m0s",
            ["url"] = FleetRepository,
            ["ref"] = new JsonObject { ["branch"] = "main" },
            ["secretRef"] = new JsonObject { ["name"] = "flux-system" },
        },
    };
}
