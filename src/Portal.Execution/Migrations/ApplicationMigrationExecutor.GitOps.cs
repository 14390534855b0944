using System.Text.Json.Nodes;
using Portal.Application.Abstractions.Clusters;
using Portal.Domain.Migrations;

namespace Portal.Execution.Migrations;

internal sealed partial class ApplicationMigrationExecutor
{
    public const string InClusterServer = "https://kubernetes.default.svc";

    internal static bool IsInCluster(JsonNode? argoApp) =>
        argoApp.Str("spec.destination.server") == InClusterServer || argoApp.Str("spec.destination.name") == "in-cluster";

    /// <summary>Before anything is frozen or stopped: everything the switch will need on the target is there (as the
    /// preflight checked it, read again now), so a move never ends with the source down and GitOps not switched.</summary>
    private async Task CheckGitOpsSwitchAsync(MigrationRun m, CancellationToken ct)
    {
        var g = m.App.GitOps;
        if (g.Kind == GitOpsKind.None) return;
        var (apiVersion, kind) = GitOpsType(g.Kind);
        var obj = await m.OnSource(c => kube.GetAsync(c, apiVersion, kind, g.Namespace, g.Name, ct));
        if (obj is null) return; // the freeze step says so, in its own words
        var facts = await m.OnTarget(c => kube.ReadFactsAsync(c, m.TargetVeleroNamespace, ct));
        var findings = await MigrationRun.On(m.Target, () => new Application.Features.Migrations.GitOpsTargetCheck(kube).CheckAsync(m.App, obj, m.Source, m.Target, facts, ct));
        if (findings.Count > 0)
            throw new StepFailedException($"Switching GitOps to {m.TargetCluster.Name} would fail: {string.Join(" ", findings.Select(f => f.Message))} Fix it, then retry the move.");
    }

    private async Task<(MigrationStepStatus, string)> SwitchAsync(MigrationRun m, CancellationToken ct)
    {
        var g = m.App.GitOps;
        if (g.Kind == GitOpsKind.None) return Skipped("Not deployed by Argo CD or Flux: nothing to switch.");
        var (apiVersion, kind) = GitOpsType(g.Kind);
        var source = await m.OnSource(c => kube.GetAsync(c, apiVersion, kind, g.Namespace, g.Name, ct))
            ?? throw new StepFailedException($"{g} is not on {m.SourceCluster.Name} any more; GitOps was not switched.");
        return g.Kind == GitOpsKind.ArgoCdApplication ? await SwitchArgoAsync(m, source, ct) : await SwitchFluxAsync(m, source, ct);
    }

    private async Task<(MigrationStepStatus, string)> SwitchArgoAsync(MigrationRun m, JsonObject source, CancellationToken ct)
    {
        var g = m.App.GitOps;
        var priorAutomated = m.State.Freeze?.PriorArgoAutomatedJson is { } json ? JsonNode.Parse(json) : null;
        if (m.State.Switch is null && !IsInCluster(source))
        {
            // A central Argo CD that deploys to remote clusters: the same Application now deploys to the target.
            await m.SaveStateAsync(s => s with { Switch = new GitOpsSwitch([], source.Ref(), source.Str("spec.destination.server") ?? source.Str("spec.destination.name")) }, ct);
        }
        if (m.State.Switch?.RepointedOnSource is not null)
        {
            var patch = KubeJson.Obj(("spec", KubeJson.Obj(
                ("destination", KubeJson.Obj(("server", m.TargetCluster.ApiServerUrl), ("name", null), ("namespace", m.App.TargetNamespace))),
                ("syncPolicy", KubeJson.Obj(("automated", priorAutomated?.DeepClone()))))));
            await m.OnSource(c => kube.MergePatchAsync(c, "argoproj.io/v1alpha1", "Application", g.Namespace, g.Name, patch, ct));
            return Done($"{g} now deploys to {m.TargetCluster.Name} ({m.TargetCluster.ApiServerUrl}), namespace {m.App.TargetNamespace}, with its sync policy as before the freeze.");
        }

        // Argo CD on each cluster: the target's Argo CD takes the application over.
        var spec = (source["spec"] as JsonObject)?.DeepClone().AsObject() ?? [];
        spec["destination"] = KubeJson.Obj(("server", InClusterServer), ("namespace", m.App.TargetNamespace));
        var syncPolicy = spec["syncPolicy"] as JsonObject ?? (JsonObject)(spec["syncPolicy"] = new JsonObject());
        if (priorAutomated is null) syncPolicy.Remove("automated");
        else syncPolicy["automated"] = priorAutomated.DeepClone();
        var app = KubeJson.Obj(("apiVersion", "argoproj.io/v1alpha1"), ("kind", "Application"),
            ("metadata", KubeJson.Obj(("name", g.Name), ("namespace", g.Namespace), ("labels", KubeJson.Labels([m.Owner])))),
            ("spec", spec));
        var created = await EnsureOnTargetAsync(m, app, ct);
        return Done(created
            ? $"Argo CD Application {g.Namespace}/{g.Name} created on {m.TargetCluster.Name}, deploying to {m.App.TargetNamespace} with the sync policy the source had; the source's stays frozen."
            : $"An Argo CD Application {g.Namespace}/{g.Name} was on {m.TargetCluster.Name} already and is not the portal's: left as it was.");
    }

    private async Task<(MigrationStepStatus, string)> SwitchFluxAsync(MigrationRun m, JsonObject source, CancellationToken ct)
    {
        var g = m.App.GitOps;
        var made = new List<string>();
        if (source["spec"]?["sourceRef"] is JsonObject sourceRef && sourceRef.Str("name") is { } repoName)
        {
            var repoKind = sourceRef.Str("kind") ?? "GitRepository";
            var repoNs = sourceRef.Str("namespace") ?? g.Namespace;
            var repoApi = sourceRef.Str("apiVersion") ?? "source.toolkit.fluxcd.io/v1";
            if (await m.OnTarget(c => kube.GetAsync(c, repoApi, repoKind, repoNs, repoName, ct)) is null)
            {
                var repo = await m.OnSource(c => kube.GetAsync(c, repoApi, repoKind, repoNs, repoName, ct))
                    ?? throw new StepFailedException($"The {repoKind} {repoNs}/{repoName} that {g} reads is on neither cluster.");
                var copy = KubeJson.Obj(("apiVersion", repoApi), ("kind", repoKind),
                    ("metadata", KubeJson.Obj(("name", repoName), ("namespace", repoNs), ("labels", KubeJson.Labels([m.Owner])))),
                    ("spec", repo["spec"]?.DeepClone()));
                if (await EnsureOnTargetAsync(m, copy, ct)) made.Add($"{repoKind} {repoNs}/{repoName}");
                if (repo.Str("spec.secretRef.name") is { } secret)
                    await m.NoteAsync($"{repoKind} {repoNs}/{repoName} reads Secret {secret}; make sure it exists on {m.TargetCluster.Name}.", ct);
            }
        }
        var spec = (source["spec"] as JsonObject)?.DeepClone().AsObject() ?? [];
        spec.Remove("suspend");
        if (spec.Str("targetNamespace") == m.App.SourceNamespace) spec["targetNamespace"] = m.App.TargetNamespace;
        var kustomization = KubeJson.Obj(("apiVersion", source.Str("apiVersion")), ("kind", "Kustomization"),
            ("metadata", KubeJson.Obj(("name", g.Name), ("namespace", g.Namespace), ("labels", KubeJson.Labels([m.Owner])))),
            ("spec", spec));
        if (await EnsureOnTargetAsync(m, kustomization, ct)) made.Add($"Kustomization {g.Namespace}/{g.Name}");
        return Done(made.Count > 0
            ? $"Created on {m.TargetCluster.Name}: {string.Join(", ", made)} (not suspended); the source's stays suspended."
            : $"The Flux objects were on {m.TargetCluster.Name} already and are not the portal's: left as they were.");
    }

    /// <summary>Applies a GitOps object on the target and records it (rollback removes it); false when one that is not the portal's was there.</summary>
    private async Task<bool> EnsureOnTargetAsync(MigrationRun m, JsonObject obj, CancellationToken ct)
    {
        var r = obj.Ref();
        var result = await m.OnTarget(c => kube.ApplyAsync(c, obj, m.Owner, ct));
        if (result == ApplyResult.LeftExisting) return false;
        await m.SaveStateAsync(s =>
        {
            var sw = s.Switch ?? new GitOpsSwitch([]);
            return sw.CreatedOnTarget.Contains(r) ? s : s with { Switch = sw with { CreatedOnTarget = [.. sw.CreatedOnTarget, r] } };
        }, ct);
        return true;
    }
}
