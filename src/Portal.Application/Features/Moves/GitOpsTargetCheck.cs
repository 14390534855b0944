using Portal.Domain.Common;
using System.Text.Json.Nodes;
using Portal.Application.Abstractions.Clusters;
using Portal.Domain.Moves;
using Portal.Moves.Preflight;

namespace Portal.Application.Features.Moves;

/// <summary>
/// Everything "Switch GitOps to the target" needs on the target, checked before the source is touched: the namespace
/// the GitOps object is recreated in; for Flux the source it reads (its API served, its namespace there, the object on
/// the target or on the source to copy); for Argo CD the project; and the tool's controllers actually running
/// (a Deployment or StatefulSet with a ready replica), not only their CRDs served. A central Argo CD that deploys to
/// remote clusters is repointed on the source and needs nothing on the target.
/// </summary>
public sealed class GitOpsTargetCheck(IMigrationClusterGateway gateway)
{
    public const string InClusterServer = "https://kubernetes.default.svc";
    private const string FluxSourceApiVersion = ClusterApis.FluxSource;

    public async Task<IReadOnlyList<PreflightFinding>> CheckAsync(MigrationApplication app, JsonObject? gitOpsObject, ClusterConnection source,
        ClusterConnection target, TargetClusterFacts facts, CancellationToken ct)
    {
        var g = app.GitOps;
        var findings = new List<PreflightFinding>();
        if (gitOpsObject is null || g.Kind == GitOpsKind.None) return findings;
        var name = target.ClusterName;
        if (g.Kind == GitOpsKind.ArgoCdApplication)
        {
            if (!IsInCluster(gitOpsObject) || !Served(facts, MigrationInspector.ArgoApiVersion, "Application")) return findings;
            if (!HasNamespace(facts, g.Namespace))
            {
                findings.Add(Error($"Switching GitOps recreates {g} on {name} in namespace {g.Namespace}, which does not exist there: install Argo CD on {name} in {g.Namespace}, or move the application without GitOps."));
                return findings;
            }
            var project = Str(gitOpsObject["spec"]?["project"]) ?? "default";
            if (Served(facts, MigrationInspector.ArgoApiVersion, "AppProject")
                && await gateway.GetAsync(target, MigrationInspector.ArgoApiVersion, "AppProject", g.Namespace, project, ct) is null)
                findings.Add(Error($"The Argo CD project \"{project}\" of {g} is not on {name} (namespace {g.Namespace}): Argo CD there would refuse the Application. Create the project on {name} first."));
            findings.AddRange(await ControllersAsync(target, g.Namespace, "Argo CD", ["application-controller", "repo-server"], ct));
            return findings;
        }

        if (!Served(facts, MigrationInspector.FluxKustomizeApiVersion, "Kustomization")) return findings;
        if (!HasNamespace(facts, g.Namespace))
        {
            findings.Add(Error($"Switching GitOps recreates {g} on {name} in namespace {g.Namespace}, which does not exist there: install Flux on {name} in {g.Namespace} (flux bootstrap), or move the application without GitOps."));
            return findings;
        }
        if (gitOpsObject["spec"]?["sourceRef"] is JsonObject sourceRef && Str(sourceRef["name"]) is { } repoName)
        {
            var repoKind = Str(sourceRef["kind"]) ?? "GitRepository";
            var repoNs = Str(sourceRef["namespace"]) ?? g.Namespace;
            var repoApi = Str(sourceRef["apiVersion"]) ?? FluxSourceApiVersion;
            if (!Served(facts, repoApi, repoKind))
                findings.Add(Error($"{g} reads the {repoKind} {repoNs}/{repoName}, but {name} does not serve {repoApi} {repoKind}: install Flux's source-controller on {name}."));
            else if (!HasNamespace(facts, repoNs))
                findings.Add(Error($"{g} reads the {repoKind} {repoNs}/{repoName}, but namespace {repoNs} does not exist on {name}: create it (with the {repoKind}) there first."));
            else if (await gateway.GetAsync(target, repoApi, repoKind, repoNs, repoName, ct) is null
                     && await gateway.GetAsync(source, repoApi, repoKind, repoNs, repoName, ct) is null)
                findings.Add(Error($"{g} reads the {repoKind} {repoNs}/{repoName}, which is on neither cluster: the switch would have nothing to copy to {name}. Fix the Kustomization's sourceRef on the source."));
        }
        findings.AddRange(await ControllersAsync(target, g.Namespace, "Flux", ["source-controller", "kustomize-controller"], ct));
        return findings;
    }

    public static bool IsInCluster(JsonObject argoApp) =>
        Str(argoApp["spec"]?["destination"]?["server"]) is null or InClusterServer && Str(argoApp["spec"]?["destination"]?["name"]) is null or "in-cluster";

    /// <summary>Each controller: a Deployment or StatefulSet whose name contains it, in the tool's namespace, with a ready replica.</summary>
    private async Task<IEnumerable<PreflightFinding>> ControllersAsync(ClusterConnection target, string ns, string tool, string[] controllers, CancellationToken ct)
    {
        List<JsonObject> workloads;
        try
        {
            workloads = (await gateway.ListAsync(target, "apps/v1", "Deployment", ns, null, ct))
                .Concat(await gateway.ListAsync(target, "apps/v1", "StatefulSet", ns, null, ct)).ToList();
        }
        catch (ClusterAccessException e) when (e.Fault == ClusterFault.Forbidden)
        {
            // The least-privilege RBAC never binds the portal's namespace role in the GitOps tool's own namespace, so a
            // real cluster may refuse this read: say what could not be confirmed instead of guessing either way.
            return [new(PreflightRules.CustomResource, PreflightSeverity.Warning,
                $"The portal may not read the workloads in namespace {ns} on {target.ClusterName}, so it cannot confirm that {tool}'s " +
                $"{string.Join(" and ", controllers)} run there. Check them (kubectl -n {ns} get deploy) before the wave is approved.")];
        }
        var findings = new List<PreflightFinding>();
        foreach (var controller in controllers)
        {
            var found = workloads.Where(w => (Str(w["metadata"]?["name"]) ?? "").Contains(controller, StringComparison.Ordinal)).ToList();
            if (found.Count == 0)
                findings.Add(Error($"{tool} does not run on {target.ClusterName}: no {controller} in namespace {ns} (its CRDs alone do not deploy anything). Install {tool} there, or move the application without GitOps."));
            else if (!found.Any(Ready))
                findings.Add(Error($"{tool}'s {controller} on {target.ClusterName} has no ready replica ({string.Join(", ", found.Select(Describe))}): GitOps would not deploy the application there. Get it running, then run the preflight again."));
        }
        return findings;
    }

    private static bool Ready(JsonObject w) => (Int(w["status"]?["availableReplicas"]) ?? Int(w["status"]?["readyReplicas"]) ?? 0) > 0
        && (Str(w["kind"]) != "StatefulSet" || (Int(w["status"]?["readyReplicas"]) ?? 0) > 0);

    private static string Describe(JsonObject w) =>
        $"{Str(w["kind"]) ?? "Deployment"} {Str(w["metadata"]?["name"])}: {Int(w["status"]?["readyReplicas"]) ?? 0} of {Int(w["spec"]?["replicas"]) ?? 1} ready";

    private static bool HasNamespace(TargetClusterFacts facts, string ns) => facts.Namespaces.Any(n => n.Name == ns);

    private static bool Served(TargetClusterFacts facts, string apiVersion, string kind) =>
        facts.ServedApis.FirstOrDefault(a => a.ApiVersion == apiVersion) is { } served && (served.Kinds.Count == 0 || served.Kinds.Contains(kind));

    private static PreflightFinding Error(string message) => new(PreflightRules.CustomResource, PreflightSeverity.Error, message);

    private static string? Str(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    private static int? Int(JsonNode? node) => node is JsonValue v && v.TryGetValue<int>(out var i) ? i
        : node is JsonValue l && l.TryGetValue<long>(out var n) ? (int)n : null;
}
