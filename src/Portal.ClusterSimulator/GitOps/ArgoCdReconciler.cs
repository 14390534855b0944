using System.Text.Json.Nodes;
using Portal.ClusterSimulator.Hosting;
using Portal.ClusterSimulator.Json;
using Portal.ClusterSimulator.Resources;

namespace Portal.ClusterSimulator.GitOps;

/// <summary>
/// Plays Argo CD's application controller for Applications in <c>argocd</c> whose destination is this cluster.
/// Only apps with automated sync (or a requested manual sync, <c>operation.sync</c>) are reconciled; without them
/// the status stays as it was. Git is not simulated: the app's resources are the objects carrying its tracking
/// (annotation <c>argocd.argoproj.io/tracking-id</c> or label <c>app.kubernetes.io/instance</c>) in the destination
/// namespace, else that namespace's Deployments and StatefulSets.
/// <list type="bullet">
/// <item><c>status.sync</c>: Synced at a revision derived from the source; OutOfSync when nothing is deployed or a
/// workload's replicas differ from its last-applied configuration (drift). <c>selfHeal</c> and manual syncs put
/// those replicas back.</item>
/// <item><c>status.health</c>: the worst of the resources' health (<see cref="ArgoHealth"/>).</item>
/// <item><c>status.operationState</c> and <c>history</c> record each sync (automated: on a new revision or a self-heal).</item>
/// </list>
/// A project other than <c>default</c> that does not exist gives an <c>InvalidSpecError</c> condition, as upstream;
/// deleting an app that carries the resources finalizer cascades to its resources (<see cref="Finalize"/>).
/// </summary>
internal sealed class ArgoCdReconciler(SimulatorContext sim)
{
    public const string ResourcesFinalizer = "resources-finalizer.argocd.argoproj.io";

    private static readonly TimeSpan ResyncPeriod = TimeSpan.FromMinutes(3);

    public void Step()
    {
        if (sim.Definition(ArgoApplication.ApiVersion, "Application") is not { } def) return;
        var apps = sim.Store.List(def, ArgoApplication.ControllerNamespace).Items;
        if (apps.Count == 0) return;
        var projectDef = sim.Definition(ArgoApplication.ApiVersion, "AppProject");
        var projects = projectDef is null
            ? null
            : sim.Store.List(projectDef, ArgoApplication.ControllerNamespace).Items.Select(JsonHelpers.NameOf).ToHashSet(StringComparer.Ordinal);
        foreach (var app in apps)
        {
            if (app.AtPath("metadata.deletionTimestamp") is not null)
            {
                Finalize(def, app);
                continue;
            }
            var manual = app["operation"] as JsonObject;
            if (manual is null && !ArgoApplication.IsAutomated(app)) continue; // nobody asked for a sync: status stays
            if (!ArgoApplication.TargetsThisCluster(app)) continue; // another cluster's apps are not simulated
            Reconcile(def, app, manual, projects);
        }
    }

    /// <summary>
    /// An app deleted with Argo CD's resources finalizer (<c>resources-finalizer.argocd.argoproj.io</c>, also
    /// <c>/foreground</c>, <c>/background</c>) deletes its tracked resources first — a cascade that takes the workload
    /// down with it — then goes. Without the finalizer the resources stay (the store deleted the app at once).
    /// </summary>
    private void Finalize(ResourceDefinition def, JsonObject app)
    {
        if (app.AtPath("metadata.finalizers") is not JsonArray finalizers) return;
        var ours = finalizers.Select(f => f.ScalarText()).Where(f => f?.StartsWith(ResourcesFinalizer, StringComparison.Ordinal) == true).ToList();
        if (ours.Count == 0) return;
        var name = JsonHelpers.NameOf(app)!;
        if (ArgoApplication.TargetsThisCluster(app))
        {
            foreach (var r in ManagedObjects.All(sim, app.AtPath("spec.destination.namespace").ScalarText()).Where(o => ManagedObjects.TrackedByArgo(o.Object, name)))
            {
                try
                {
                    sim.Store.Delete(r.Definition, r.Namespace, r.Name);
                }
                catch (Api.ApiException)
                {
                    // already gone
                }
            }
        }
        sim.Store.Mutate(def, JsonHelpers.NamespaceOf(app), name, o =>
        {
            var remaining = (o.AtPath("metadata.finalizers") as JsonArray)?.Where(f => !ours.Contains(f.ScalarText())).Select(f => f?.DeepClone()).ToArray() ?? [];
            o.Metadata()["finalizers"] = new JsonArray(remaining);
            return true;
        });
    }

    private void Reconcile(ResourceDefinition def, JsonObject app, JsonObject? manual, HashSet<string?>? projects)
    {
        var now = sim.Store.Time.GetUtcNow();
        var status = app["status"]?.DeepClone() as JsonObject ?? new JsonObject();
        var project = app.AtPath("spec.project").ScalarText() ?? "";
        if (project != "default" && projects is not null && !projects.Contains(project))
        {
            status["conditions"] = new JsonArray(new JsonObject
            {
                ["type"] = "InvalidSpecError",
                ["message"] = $"Application referencing project {project} which does not exist",
                ["lastTransitionTime"] = JsonHelpers.Timestamp(now),
            });
            status["sync"] = new JsonObject { ["status"] = "Unknown" };
            status["health"] = new JsonObject { ["status"] = "Unknown" };
            Save(def, app, status, manual is not null, now);
            return;
        }
        status.Remove("conditions");

        var name = JsonHelpers.NameOf(app)!;
        var resources = Resources(app, name);
        var revision = ArgoApplication.Revision(app);
        var drifted = resources.Where(Drifted).ToList();
        var lastSynced = status.AtPath("operationState.syncResult.revision").ScalarText();
        var automatedSync = ArgoApplication.IsAutomated(app) && (lastSynced != revision || (ArgoApplication.SelfHeals(app) && drifted.Count > 0));
        if (manual is not null || automatedSync)
        {
            foreach (var d in drifted) Heal(d);
            drifted.Clear();
            ArgoStatus.RecordSync(app, status, revision, manual, now);
        }

        status["sync"] = new JsonObject
        {
            ["status"] = resources.Count == 0 || drifted.Count > 0 ? "OutOfSync" : "Synced",
            ["revision"] = revision,
            ["comparedTo"] = new JsonObject
            {
                ["destination"] = app.AtPath("spec.destination")?.DeepClone(),
                ["source"] = ArgoApplication.Source(app)?.DeepClone(),
            },
        };
        var health = resources.Count == 0 ? "Missing" : ArgoHealth.Worst(resources.Select(ArgoHealth.Of).OfType<(string, string?)>().Select(h => h.Item1));
        status["health"] = new JsonObject
        {
            ["status"] = health,
            ["lastTransitionTime"] = status.AtPath("health.status").ScalarText() == health
                ? status.AtPath("health.lastTransitionTime")?.DeepClone() ?? JsonHelpers.Timestamp(now)
                : JsonHelpers.Timestamp(now),
        };
        status["resources"] = new JsonArray(resources.Select(r => (JsonNode)ArgoStatus.Resource(r, drifted.Contains(r))).ToArray());
        var images = resources.SelectMany(r => ManagedObjects.Images(r.Object)).Distinct().Order(StringComparer.Ordinal).ToList();
        status["summary"] = images.Count == 0 ? new JsonObject() : new JsonObject { ["images"] = new JsonArray(images.Select(i => (JsonNode)i).ToArray()) };
        status["sourceType"] = ArgoApplication.SourceType(app);
        status["controllerNamespace"] = ArgoApplication.ControllerNamespace;
        Save(def, app, status, manual is not null, now);
    }

    /// <summary>The app's resources: tracked objects in the destination namespace, else its workloads.</summary>
    private List<ManagedObject> Resources(JsonObject app, string name)
    {
        var ns = app.AtPath("spec.destination.namespace").ScalarText();
        var all = ManagedObjects.All(sim, ns).ToList();
        var tracked = all.Where(o => ManagedObjects.TrackedByArgo(o.Object, name)).ToList();
        if (tracked.Count == 0 && ns is not null) tracked = all.Where(o => o.Definition.Kind is "Deployment" or "StatefulSet").ToList();
        return tracked;
    }

    private static bool Drifted(ManagedObject r) =>
        r.Definition.Kind is "Deployment" or "StatefulSet"
        && ArgoApplication.DesiredReplicas(r.Object) is { } desired
        && (r.Object.AtPath("spec.replicas").Long() ?? 1) != desired;

    /// <summary>A sync applies Git again: the replicas of its last-applied configuration come back.</summary>
    private void Heal(ManagedObject r)
    {
        var desired = ArgoApplication.DesiredReplicas(r.Object);
        sim.Store.Mutate(r.Definition, r.Namespace, r.Name, o =>
        {
            ((JsonObject)o["spec"]!)["replicas"] = desired;
            return true;
        });
    }

    /// <summary>Writes when something changed (or the periodic resync is due); a handled manual operation is removed.</summary>
    private void Save(ResourceDefinition def, JsonObject app, JsonObject status, bool operationHandled, DateTimeOffset now)
    {
        var previous = app["status"] as JsonObject;
        var last = ParseTime(previous.StringProperty("reconciledAt"));
        var unchanged = previous is not null && JsonNode.DeepEquals(Without(previous, "reconciledAt"), Without(status, "reconciledAt"));
        if (unchanged && !operationHandled && last is not null && now - last < ResyncPeriod) return;
        status["reconciledAt"] = JsonHelpers.Timestamp(now);
        sim.Store.Mutate(def, JsonHelpers.NamespaceOf(app), JsonHelpers.NameOf(app)!, o =>
        {
            o["status"] = status;
            if (operationHandled) o.Remove("operation");
            return true;
        });
    }

    private static JsonObject Without(JsonObject o, string key)
    {
        var copy = o.CloneObject();
        copy.Remove(key);
        return copy;
    }

    private static DateTimeOffset? ParseTime(string? text) =>
        DateTimeOffset.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var t) ? t : null;
}
