using System.Text.Json;
using System.Text.Json.Nodes;
using Portal.ClusterSimulator.Hosting;
using Portal.ClusterSimulator.Json;
using Portal.ClusterSimulator.Resources;
using Portal.ClusterSimulator.Workloads;

namespace Portal.ClusterSimulator.GitOps;

/// <summary>
/// Plays Flux's source-controller (GitRepository) and kustomize-controller (Kustomization), as their docs describe:
/// <list type="bullet">
/// <item>GitRepository: an artifact for <c>&lt;branch&gt;@sha1:&lt;sha&gt;</c> (derived from url and ref), conditions
/// <c>ArtifactInStorage</c> and <c>Ready</c> (<c>Succeeded</c>).</item>
/// <item>Kustomization: applies its source's revision — <c>Ready</c> True/<c>ReconciliationSucceeded</c> "Applied revision: …",
/// <c>lastAppliedRevision</c>, <c>lastAttemptedRevision</c>, <c>observedGeneration</c> and an inventory of the objects
/// labelled <c>kustomize.toolkit.fluxcd.io/name</c>/<c>namespace</c> for it. With <c>wait: true</c> it stays
/// <c>Reconciling</c> until those workloads are ready. A missing source is <c>Ready</c> False/<c>ArtifactFailed</c>.</item>
/// <item><c>spec.suspend: true</c>: not reconciled at all — the status keeps its last values (so <c>observedGeneration</c>
/// falls behind the generation the suspend patch bumped) and <c>reconcile.fluxcd.io/requestedAt</c> is ignored.
/// Flux has no "Suspended" condition: clients read <c>spec.suspend</c>.</item>
/// <item><c>reconcile.fluxcd.io/requestedAt</c> on an active object triggers a reconcile and is echoed in
/// <c>status.lastHandledReconcileAt</c>.</item>
/// </list>
/// </summary>
internal sealed class FluxReconciler(SimulatorContext sim)
{
    public const string KustomizeApiVersion = "kustomize.toolkit.fluxcd.io/v1";
    public const string SourceApiVersion = "source.toolkit.fluxcd.io/v1";
    public const string RequestedAtAnnotation = "reconcile.fluxcd.io/requestedAt";

    public void Step()
    {
        if (sim.Definition(SourceApiVersion, "GitRepository") is { } repos)
        {
            foreach (var repo in sim.Store.List(repos, null).Items.Where(Active)) ReconcileRepository(repos, repo);
        }
        if (sim.Definition(KustomizeApiVersion, "Kustomization") is { } kustomizations)
        {
            foreach (var ks in sim.Store.List(kustomizations, null).Items.Where(Active)) ReconcileKustomization(kustomizations, ks);
        }
    }

    private static bool Active(JsonObject obj) =>
        obj.AtPath("spec.suspend")?.GetValueKind() != JsonValueKind.True && obj.AtPath("metadata.deletionTimestamp") is null;

    private static bool Requested(JsonObject obj, out string? token)
    {
        token = obj.AtPath("metadata.annotations")?.StringProperty(RequestedAtAnnotation);
        return token is not null && token != obj.AtPath("status.lastHandledReconcileAt").ScalarText();
    }

    private static bool Observed(JsonObject obj) =>
        obj.AtPath("status.observedGeneration").Long() == (obj.AtPath("metadata.generation").Long() ?? 1);

    // ---- source-controller ----

    private void ReconcileRepository(ResourceDefinition def, JsonObject repo)
    {
        var requested = Requested(repo, out var token);
        if (Observed(repo) && repo.AtPath("status.artifact") is JsonObject && !requested) return;
        var now = sim.Store.Time.GetUtcNow();
        var ns = JsonHelpers.NamespaceOf(repo)!;
        var name = JsonHelpers.NameOf(repo)!;
        var revision = RepositoryRevision(repo);
        var sha = revision[(revision.LastIndexOf(':') + 1)..];
        var path = $"gitrepository/{ns}/{name}/{sha}.tar.gz";
        var message = $"stored artifact for revision '{revision}'";
        var old = repo["status"]?["conditions"];
        var status = new JsonObject
        {
            ["observedGeneration"] = repo.AtPath("metadata.generation").Long() ?? 1,
            ["artifact"] = new JsonObject
            {
                ["digest"] = "sha256:" + WorkloadObjects.Hex(path, 64),
                ["lastUpdateTime"] = repo.AtPath("status.artifact.revision").ScalarText() == revision
                    ? repo.AtPath("status.artifact.lastUpdateTime")?.DeepClone() : JsonHelpers.Timestamp(now),
                ["path"] = path,
                ["revision"] = revision,
                ["size"] = 4096 + Convert.ToInt32(WorkloadObjects.Hex(sha, 4), 16),
                ["url"] = $"http://source-controller.flux-system.svc.cluster.local./{path}",
            },
            ["conditions"] = new JsonArray(
                FluxCondition(old, repo, "Ready", "True", "Succeeded", message, now),
                FluxCondition(old, repo, "ArtifactInStorage", "True", "Succeeded", message, now)),
        };
        if (token is not null) status["lastHandledReconcileAt"] = token;
        Save(def, repo, status);
    }

    /// <summary>What the ref resolves to: <c>&lt;branch|tag|name&gt;@sha1:&lt;sha&gt;</c>, or <c>sha1:&lt;commit&gt;</c> for a pinned commit.</summary>
    private static string RepositoryRevision(JsonObject repo)
    {
        var reference = repo.AtPath("spec.ref");
        if (reference.StringProperty("commit") is { Length: > 0 } commit) return $"sha1:{commit}";
        var label = reference.StringProperty("name") ?? reference.StringProperty("tag") ?? reference.StringProperty("semver") ?? reference.StringProperty("branch") ?? "master";
        return $"{label}@sha1:{WorkloadObjects.Hex($"{repo.AtPath("spec.url").ScalarText()}|{label}", 40)}";
    }

    // ---- kustomize-controller ----

    private void ReconcileKustomization(ResourceDefinition def, JsonObject ks)
    {
        var requested = Requested(ks, out var token);
        var (revision, failure) = SourceRevision(ks);
        var ready = ks.AtPath("status.conditions") is JsonArray c
            && c.OfType<JsonObject>().Any(x => x.StringProperty("type") == "Ready" && x.StringProperty("status") == "True");
        var upToDate = Observed(ks) && ready && ks.AtPath("status.lastAppliedRevision").ScalarText() == revision;
        if (upToDate && !requested) return;

        var now = sim.Store.Time.GetUtcNow();
        var old = ks["status"]?["conditions"];
        var status = ks["status"]?.DeepClone() as JsonObject ?? new JsonObject();
        if (token is not null) status["lastHandledReconcileAt"] = token;
        if (failure is not null)
        {
            status["conditions"] = new JsonArray(FluxCondition(old, ks, "Ready", "False", "ArtifactFailed", failure, now));
            Save(def, ks, status);
            return;
        }
        var applied = Applied(ks);
        status["lastAttemptedRevision"] = revision;
        status["inventory"] = new JsonObject
        {
            ["entries"] = new JsonArray(applied.Select(o => (JsonNode)new JsonObject
            {
                ["id"] = $"{o.Namespace}_{o.Name}_{o.Definition.Group}_{o.Definition.Kind}",
                ["v"] = o.Definition.Version,
            }).ToArray()),
        };
        var waiting = ks.AtPath("spec.wait")?.GetValueKind() == JsonValueKind.True
            && applied.Any(o => ArgoHealth.Of(o) is { Status: not "Healthy" });
        if (waiting)
        {
            var timeout = ks.AtPath("spec.timeout").ScalarText() ?? ks.AtPath("spec.interval").ScalarText() ?? "5m0s";
            status["conditions"] = new JsonArray(
                FluxCondition(old, ks, "Reconciling", "True", "Progressing", $"Running health checks for revision {revision} with a timeout of {timeout}", now),
                FluxCondition(old, ks, "Ready", "Unknown", "Progressing", "Reconciliation in progress", now));
        }
        else
        {
            status["observedGeneration"] = ks.AtPath("metadata.generation").Long() ?? 1;
            status["lastAppliedRevision"] = revision;
            status["conditions"] = new JsonArray(FluxCondition(old, ks, "Ready", "True", "ReconciliationSucceeded", $"Applied revision: {revision}", now));
        }
        Save(def, ks, status);
    }

    /// <summary>The revision of the Kustomization's source, or why there is none (GitRepository missing or without artifact).</summary>
    private (string Revision, string? Failure) SourceRevision(JsonObject ks)
    {
        var kind = ks.AtPath("spec.sourceRef.kind").ScalarText() ?? "GitRepository";
        var name = ks.AtPath("spec.sourceRef.name").ScalarText() ?? "";
        var ns = ks.AtPath("spec.sourceRef.namespace").ScalarText() ?? JsonHelpers.NamespaceOf(ks);
        if (kind != "GitRepository")
        {
            // OCI repositories and buckets are not simulated: a stable digest stands for their artifact
            return ($"latest@sha256:{WorkloadObjects.Hex($"{kind}/{ns}/{name}", 64)}", null);
        }
        var repo = sim.Definition(SourceApiVersion, "GitRepository") is { } def ? sim.Store.Get(def, ns, name) : null;
        if (repo is null) return ("", $"Source 'GitRepository/{ns}/{name}' not found");
        return repo.AtPath("status.artifact.revision").ScalarText() is { } revision
            ? (revision, null)
            : ("", "Source artifact not found, retrying in 30s");
    }

    private List<ManagedObject> Applied(JsonObject ks)
    {
        var name = JsonHelpers.NameOf(ks)!;
        var ns = JsonHelpers.NamespaceOf(ks)!;
        return ManagedObjects.All(sim, null).Where(o => ManagedObjects.AppliedByFlux(o.Object, name, ns))
            .OrderBy(o => o.Namespace, StringComparer.Ordinal).ThenBy(o => o.Definition.Kind, StringComparer.Ordinal)
            .ThenBy(o => o.Name, StringComparer.Ordinal).ToList();
    }

    /// <summary>A metav1.Condition as Flux writes it, keeping the previous transition time while the status holds.</summary>
    private static JsonObject FluxCondition(JsonNode? previous, JsonObject obj, string type, string status, string reason, string message, DateTimeOffset now)
    {
        var c = WorkloadObjects.Condition(previous, type, status, reason, message, now, withUpdateTime: false);
        c["observedGeneration"] = obj.AtPath("metadata.generation").Long() ?? 1;
        return c;
    }

    private void Save(ResourceDefinition def, JsonObject obj, JsonObject status)
    {
        if (JsonNode.DeepEquals(obj["status"], status)) return;
        sim.Store.Mutate(def, JsonHelpers.NamespaceOf(obj), JsonHelpers.NameOf(obj)!, o =>
        {
            o["status"] = status;
            return true;
        });
    }
}
