using System.Text.Json.Nodes;
using Portal.ClusterSimulator.GitOps;
using Portal.ClusterSimulator.Hosting;
using Portal.ClusterSimulator.Json;

namespace Portal.ClusterSimulator.Demo;

/// <summary>
/// The apps the migration demo moves from the production cluster to the DR site, one per playbook family:
/// <list type="bullet">
/// <item><c>catalog</c>: stateless (Deployment, Service, ConfigMap, Ingress on <c>nginx</c>, PodDisruptionBudget).</item>
/// <item><c>reports</c>: stateful (StatefulSet <c>report-store</c> with a <c>data</c> claim template on <c>fast-ssd</c>, and a
/// Deployment mounting PVC <c>report-archive</c> of the default class).</item>
/// <item><c>storefront</c>: managed by the Argo CD Application <c>storefront</c> (automated sync, self-heal; tracking
/// annotation and instance label on its objects, which carry the last-applied configuration Argo CD's apply leaves).</item>
/// <item><c>inventory</c>: applied by the Flux Kustomization <c>inventory</c> from the <c>fleet</c> repository.</item>
/// </list>
/// </summary>
internal static class MigrationSeed
{
    public static void Seed(SimulatorContext sim)
    {
        var store = sim.Store;
        DemoSeed.SeedApp(store, "catalog", new() { ["team"] = "catalog" }, [("catalog-api", "ghcr.io/acme/catalog-api:3.1.0", 2)], []);
        if (sim.Definition("networking.k8s.io/v1", "Ingress") is not null)
            DemoSeed.Add(store, AppObjects.Ingress("catalog", "catalog-api", "nginx", "catalog.shop.example.com", "catalog-api"));
        if (sim.Definition("policy/v1", "PodDisruptionBudget") is not null)
            DemoSeed.Add(store, AppObjects.PodDisruptionBudget("catalog", "catalog-api", 1));

        DemoSeed.SeedApp(store, "reports", new() { ["team"] = "reporting" }, [], []);
        DemoSeed.Add(store, AppObjects.StatefulSet("reports", "report-store", "ghcr.io/acme/report-store:2.3.1", 2, "data", "20Gi", "fast-ssd"));
        DemoSeed.Add(store, AppObjects.HeadlessService("reports", "report-store"));
        DemoSeed.Add(store, AppObjects.Claim("reports", "report-archive", "50Gi", storageClass: null));
        DemoSeed.Add(store, AppObjects.WithClaim(DemoObjects.Deployment("reports", "report-renderer", "ghcr.io/acme/report-renderer:1.8.0", 1), "report-archive", "/archive"));
        DemoSeed.Add(store, DemoObjects.Service("reports", "report-renderer"));
        DemoSeed.Add(store, DemoObjects.ConfigMap("reports", "report-renderer-config", new() { ["LOG_LEVEL"] = "info", ["ARCHIVE_DIR"] = "/archive" }));

        if (sim.Definition(ArgoApplication.ApiVersion, "Application") is not null) SeedStorefront(sim);
        if (sim.Definition(FluxReconciler.KustomizeApiVersion, "Kustomization") is not null) SeedInventory(sim);
    }

    private static void SeedStorefront(SimulatorContext sim)
    {
        const string ns = "storefront";
        DemoSeed.Add(sim.Store, DemoObjects.Namespace(ns, new() { ["kubernetes.io/metadata.name"] = ns, ["team"] = "web" }));
        DemoSeed.Add(sim.Store, DemoObjects.ServiceAccount(ns, "default"));
        var objects = new List<JsonObject>
        {
            DemoObjects.Deployment(ns, "web", "ghcr.io/acme/storefront-web:4.2.0", 3),
            DemoObjects.Service(ns, "web"),
            DemoObjects.ConfigMap(ns, "web-config", new() { ["CATALOG_URL"] = "http://catalog-api.catalog", ["CURRENCY"] = "EUR" }),
        };
        if (sim.Definition("networking.k8s.io/v1", "Ingress") is not null) objects.Add(AppObjects.Ingress(ns, "web", "nginx", "shop.example.com", "web"));
        foreach (var obj in objects) DemoSeed.Add(sim.Store, ArgoManaged(obj, "storefront"));
        DemoSeed.Add(sim.Store, new JsonObject
        {
            ["apiVersion"] = ArgoApplication.ApiVersion,
            ["kind"] = "Application",
            ["metadata"] = new JsonObject
            {
                ["name"] = "storefront",
                ["namespace"] = ArgoApplication.ControllerNamespace,
                ["finalizers"] = new JsonArray("resources-finalizer.argocd.argoproj.io"),
            },
            ["spec"] = new JsonObject
            {
                ["project"] = "default",
                ["source"] = new JsonObject
                {
                    ["repoURL"] = "https://git.example.com/shop/storefront-deploy.git",
                    ["path"] = "overlays/prod-east",
                    ["targetRevision"] = "main",
                },
                ["destination"] = new JsonObject { ["server"] = ArgoApplication.InClusterServer, ["namespace"] = ns },
                ["syncPolicy"] = new JsonObject
                {
                    ["automated"] = new JsonObject { ["prune"] = true, ["selfHeal"] = true },
                    ["syncOptions"] = new JsonArray("CreateNamespace=true"),
                },
            },
        });
    }

    /// <summary>What Argo CD's apply leaves on an object: tracking annotation, instance label, last-applied configuration.</summary>
    private static JsonObject ArgoManaged(JsonObject obj, string app)
    {
        var group = (obj.StringProperty("apiVersion") ?? "v1") is var v && v.Contains('/', StringComparison.Ordinal) ? v[..v.IndexOf('/', StringComparison.Ordinal)] : "";
        var id = ManagedObjects.ArgoTrackingId(app, group, obj.StringProperty("kind")!, JsonHelpers.NamespaceOf(obj)!, JsonHelpers.NameOf(obj)!);
        AppObjects.Mark(obj, new Dictionary<string, string> { [ManagedObjects.InstanceLabel] = app },
            new Dictionary<string, string> { [ManagedObjects.ArgoTrackingAnnotation] = id });
        var applied = obj.CloneObject();
        applied.Remove("status");
        if (applied.AtPath("spec") is JsonObject spec) spec.Remove("clusterIP");
        obj.Metadata()["annotations"]!["kubectl.kubernetes.io/last-applied-configuration"] = applied.ToJsonString() + "\n";
        return obj;
    }

    private static void SeedInventory(SimulatorContext sim)
    {
        const string ns = "inventory";
        var flux = new Dictionary<string, string>
        {
            [ManagedObjects.FluxNameLabel] = "inventory",
            [ManagedObjects.FluxNamespaceLabel] = "flux-system",
        };
        DemoSeed.Add(sim.Store, AppObjects.Mark(DemoObjects.Namespace(ns, new() { ["kubernetes.io/metadata.name"] = ns, ["team"] = "logistics" }), flux));
        DemoSeed.Add(sim.Store, DemoObjects.ServiceAccount(ns, "default"));
        DemoSeed.Add(sim.Store, AppObjects.Mark(DemoObjects.Deployment(ns, "inventory-api", "ghcr.io/acme/inventory-api:1.12.0", 2), flux));
        DemoSeed.Add(sim.Store, AppObjects.Mark(DemoObjects.Service(ns, "inventory-api"), flux));
        DemoSeed.Add(sim.Store, AppObjects.Mark(DemoObjects.ConfigMap(ns, "inventory-api-config", new() { ["WAREHOUSES"] = "ams,fra" }), flux));
        DemoSeed.Add(sim.Store, new JsonObject
        {
            ["apiVersion"] = FluxReconciler.KustomizeApiVersion,
            ["kind"] = "Kustomization",
            ["metadata"] = new JsonObject { ["name"] = "inventory", ["namespace"] = "flux-system" },
            ["spec"] = new JsonObject
            {
                ["interval"] = "10m0s",
                ["path"] = "./apps/inventory/overlays/prod-east",
                ["prune"] = true,
                ["wait"] = true,
                ["timeout"] = "5m0s",
                ["targetNamespace"] = ns,
                ["sourceRef"] = new JsonObject { ["kind"] = "GitRepository", ["name"] = "fleet" },
            },
        });
    }
}
